using Greentic.Rpc.Tests.Infrastructure;
using Greentic.Rpc.Tests.Proto;
using Microsoft.Extensions.DependencyInjection;

namespace Greentic.Rpc.Tests;

public sealed class InterceptorTests
{
    public sealed class Journal
    {
        public List<string> Entries { get; } = new();
        public void Add(string entry) { lock (Entries) Entries.Add(entry); }
    }

    private sealed class ServerTagInterceptor(Journal journal, string name) : Interceptor
    {
        public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
        {
            journal.Add(name + ":before");
            context.ResponseTrailers.Add("server-" + name, "seen");
            var response = await continuation(request, context);
            journal.Add(name + ":after");
            return response;
        }

        public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
        {
            journal.Add(name + ":duplex");
            await continuation(requestStream, responseStream, context);
        }
    }

    public sealed class DenyingInterceptor : Interceptor
    {
        public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
        {
            if (context.RequestHeaders.GetValue("authorization") != "Bearer ok")
                throw new RpcException(new Status(StatusCode.Unauthenticated, "no token"));
            return continuation(request, context);
        }
    }

    private sealed class ClientHeaderInterceptor(string value) : Interceptor
    {
        public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation)
        {
            var headers = context.Options.Headers ?? new Metadata();
            headers.Add("authorization", value);
            return continuation(request, context with { Options = context.Options.WithHeaders(headers) });
        }
    }

    [Fact]
    public async Task Server_interceptors_run_in_order_from_instances_and_di()
    {
        var journal = new Journal();
        await using var host = await TestHost.StartAsync(s =>
        {
            s.Services = services => services.AddSingleton(journal);
            s.Rpc = o =>
            {
                o.Interceptors.Add(new ServerTagInterceptor(journal, "outer"));
                o.Interceptors.Add<ServerTagInterceptor>("inner");
            };
        });
        using var channel = host.CreateChannel();
        using var call = new Echo.EchoClient(channel).UnaryAsync(new EchoRequest { Text = "i" });
        Assert.Equal("i", (await call).Text);
        Assert.Equal(["outer:before", "inner:before", "inner:after", "outer:after"], journal.Entries);
        Assert.Equal("seen", call.GetTrailers().GetValue("server-outer"));
        Assert.Equal("seen", call.GetTrailers().GetValue("server-inner"));

        using var duplex = new Echo.EchoClient(channel).Duplex();
        await duplex.RequestStream.CompleteAsync();
        Assert.False(await duplex.ResponseStream.MoveNext());
        Assert.Contains("outer:duplex", journal.Entries);
    }

    [Fact]
    public async Task Client_and_server_interceptors_together()
    {
        await using var host = await TestHost.StartAsync(s => s.Rpc = o => o.Interceptors.Add<DenyingInterceptor>());
        using var bare = host.CreateChannel();
        var ex = await Assert.ThrowsAsync<RpcException>(() => new Echo.EchoClient(bare).UnaryAsync(new EchoRequest()).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, ex.StatusCode);

        // on the client object
        var client = new Echo.EchoClient(bare).WithInterceptors(new ClientHeaderInterceptor("Bearer ok"));
        Assert.Equal("yes", (await client.UnaryAsync(new EchoRequest { Text = "yes" })).Text);

        // on the channel options
        using var withInterceptor = host.CreateChannel(o => o.Interceptors.Add(new ClientHeaderInterceptor("Bearer ok")));
        Assert.Equal("too", (await new Echo.EchoClient(withInterceptor).UnaryAsync(new EchoRequest { Text = "too" })).Text);
    }
}
