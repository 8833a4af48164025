using Google.Protobuf.WellKnownTypes;
using Greentic.Rpc.Tests.Infrastructure;
using Greentic.Rpc.Tests.Proto;
using Microsoft.Extensions.DependencyInjection;

namespace Greentic.Rpc.Tests;

/// <summary>
/// Services and interceptors not registered in DI are created per call and, when they are disposable, disposed
/// when the call ends — before its status reaches the client. Ones with nothing to dispose skip that step.
/// </summary>
public sealed class ServiceLifetimeTests
{
    public sealed class Lifetimes
    {
        private int _created;
        private int _disposed;
        public int Created => Volatile.Read(ref _created);
        public int Disposed => Volatile.Read(ref _disposed);
        public void OnCreated() => Interlocked.Increment(ref _created);
        public void OnDisposed() => Interlocked.Increment(ref _disposed);
    }

    public sealed class DisposablePingService : Echo.EchoBase, IDisposable
    {
        private readonly Lifetimes _lifetimes;
        public DisposablePingService(Lifetimes lifetimes) { _lifetimes = lifetimes; lifetimes.OnCreated(); }
        public override Task<Empty> Ping(Empty request, ServerCallContext context) => Task.FromResult(new Empty());
        public void Dispose() => _lifetimes.OnDisposed();
    }

    public sealed class AsyncDisposablePingService : Echo.EchoBase, IAsyncDisposable
    {
        private readonly Lifetimes _lifetimes;
        public AsyncDisposablePingService(Lifetimes lifetimes) { _lifetimes = lifetimes; lifetimes.OnCreated(); }
        public override async Task<Empty> Ping(Empty request, ServerCallContext context)
        {
            await Task.Yield();
            return new Empty();
        }
        public async ValueTask DisposeAsync()
        {
            await Task.Yield();
            _lifetimes.OnDisposed();
        }
    }

    public sealed class PlainPingService : Echo.EchoBase
    {
        public PlainPingService(Lifetimes lifetimes) => lifetimes.OnCreated();
        public override Task<Empty> Ping(Empty request, ServerCallContext context) => Task.FromResult(new Empty());
    }

    public sealed class DisposableInterceptor : Interceptor, IDisposable
    {
        private readonly Lifetimes _lifetimes;
        public DisposableInterceptor(Lifetimes lifetimes) { _lifetimes = lifetimes; lifetimes.OnCreated(); }
        public void Dispose() => _lifetimes.OnDisposed();
    }

    private static async Task<Lifetimes> CallPingTwiceAsync<TService>(Action<RpcServiceOptions>? rpc = null) where TService : Echo.EchoBase
    {
        var lifetimes = new Lifetimes();
        await using var host = await TestHost.StartAsync(s =>
        {
            s.MapEcho = false;
            s.Services = services => services.AddSingleton(lifetimes);
            s.Rpc = rpc;
            s.Map = endpoints => endpoints.MapRpcService<TService>();
        });
        using var channel = host.CreateChannel();
        var client = new Echo.EchoClient(channel);
        using var first = client.PingAsync(new Empty());
        await first;
        Assert.Equal(StatusCode.OK, first.GetStatus().StatusCode);
        using var second = client.PingAsync(new Empty());
        await second;
        Assert.Equal(StatusCode.OK, second.GetStatus().StatusCode);
        return lifetimes;
    }

    [Fact]
    public async Task A_disposable_service_is_created_and_disposed_once_per_call()
    {
        var lifetimes = await CallPingTwiceAsync<DisposablePingService>();
        Assert.Equal(2, lifetimes.Created);
        Assert.Equal(2, lifetimes.Disposed);
    }

    [Fact]
    public async Task An_async_disposable_service_is_disposed_once_per_call()
    {
        var lifetimes = await CallPingTwiceAsync<AsyncDisposablePingService>();
        Assert.Equal(2, lifetimes.Created);
        Assert.Equal(2, lifetimes.Disposed);
    }

    [Fact]
    public async Task A_service_with_nothing_to_dispose_is_still_created_per_call()
    {
        var lifetimes = await CallPingTwiceAsync<PlainPingService>();
        Assert.Equal(2, lifetimes.Created);
        Assert.Equal(0, lifetimes.Disposed);
    }

    [Fact]
    public async Task A_disposable_interceptor_created_per_call_is_disposed_once_per_call()
    {
        var lifetimes = await CallPingTwiceAsync<PlainPingService>(o => o.Interceptors.Add<DisposableInterceptor>());
        // Two service instances and two interceptor instances; only the interceptors are disposable.
        Assert.Equal(4, lifetimes.Created);
        Assert.Equal(2, lifetimes.Disposed);
    }
}
