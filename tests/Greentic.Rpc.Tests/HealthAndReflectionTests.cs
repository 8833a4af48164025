using Google.Protobuf.Reflection;
using Greentic.Rpc.Health;
using Greentic.Rpc.Health.V1;
using Greentic.Rpc.Reflection.V1;
using Greentic.Rpc.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using ServingStatus = Greentic.Rpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace Greentic.Rpc.Tests;

public sealed class HealthAndReflectionTests : IAsyncLifetime
{
    private TestHost _host = null!;
    private RpcChannel _channel = null!;

    public async Task InitializeAsync()
    {
        _host = await TestHost.StartAsync(s => s.Map = app =>
        {
            app.MapRpcHealthService();
            app.MapRpcReflectionService();
        });
        _channel = _host.CreateChannel();
    }

    public async Task DisposeAsync()
    {
        _channel.Dispose();
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task Health_check_reports_the_registry()
    {
        var health = new Health.V1.Health.HealthClient(_channel);
        Assert.Equal(ServingStatus.Serving, (await health.CheckAsync(new HealthCheckRequest())).Status);

        var ex = await Assert.ThrowsAsync<RpcException>(() => health.CheckAsync(new HealthCheckRequest { Service = Echo.ServiceName }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, ex.StatusCode);

        var registry = _host.Services.GetRequiredService<HealthServiceRegistry>();
        registry.SetStatus(Echo.ServiceName, ServingStatus.NotServing);
        Assert.Equal(ServingStatus.NotServing, (await health.CheckAsync(new HealthCheckRequest { Service = Echo.ServiceName })).Status);
    }

    [Fact]
    public async Task Health_watch_streams_changes()
    {
        var health = new Health.V1.Health.HealthClient(_channel);
        var registry = _host.Services.GetRequiredService<HealthServiceRegistry>();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        using var call = health.Watch(new HealthCheckRequest { Service = "watched.v1.Service" }, cancellationToken: cts.Token);

        Assert.True(await call.ResponseStream.MoveNext());
        Assert.Equal(ServingStatus.ServiceUnknown, call.ResponseStream.Current.Status);

        registry.SetStatus("watched.v1.Service", ServingStatus.Serving);
        Assert.True(await call.ResponseStream.MoveNext());
        Assert.Equal(ServingStatus.Serving, call.ResponseStream.Current.Status);

        registry.SetStatus("watched.v1.Service", ServingStatus.NotServing);
        Assert.True(await call.ResponseStream.MoveNext());
        Assert.Equal(ServingStatus.NotServing, call.ResponseStream.Current.Status);

        cts.Cancel();
        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext());
        Assert.Equal(StatusCode.Cancelled, ex.StatusCode);
    }

    private async Task<List<ServerReflectionResponse>> ReflectAsync(bool v1Alpha, params ServerReflectionRequest[] requests)
    {
        AsyncDuplexStreamingCall<ServerReflectionRequest, ServerReflectionResponse> call = v1Alpha
            ? new Reflection.V1Alpha.ServerReflection.ServerReflectionClient(_channel).ServerReflectionInfo()
            : new ServerReflection.ServerReflectionClient(_channel).ServerReflectionInfo();
        using (call)
        {
            var responses = new List<ServerReflectionResponse>();
            foreach (var request in requests)
            {
                await call.RequestStream.WriteAsync(request);
                Assert.True(await call.ResponseStream.MoveNext());
                responses.Add(call.ResponseStream.Current);
            }
            await call.RequestStream.CompleteAsync();
            Assert.False(await call.ResponseStream.MoveNext());
            return responses;
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Reflection_lists_every_mapped_service(bool v1Alpha)
    {
        var response = (await ReflectAsync(v1Alpha, new ServerReflectionRequest { ListServices = "" })).Single();
        var names = response.ListServicesResponse.Service.Select(s => s.Name).ToList();
        Assert.Equal([Echo.ServiceName, "grpc.health.v1.Health", "grpc.reflection.v1.ServerReflection", "grpc.reflection.v1alpha.ServerReflection"], names);
    }

    [Fact]
    public async Task Reflection_describes_files_with_their_imports()
    {
        var responses = await ReflectAsync(false,
            new ServerReflectionRequest { FileContainingSymbol = Echo.ServiceName },
            new ServerReflectionRequest { FileContainingSymbol = "greentic.rpc.test.v1.Echo.Unary" },
            new ServerReflectionRequest { FileByFilename = "echo.proto" },
            new ServerReflectionRequest { FileContainingSymbol = "greentic.rpc.test.v1.EchoRequest" },
            new ServerReflectionRequest { FileContainingSymbol = "no.such.Symbol" },
            new ServerReflectionRequest { FileByFilename = "grpc/health/v1/health.proto" });

        var first = responses[0].FileDescriptorResponse.FileDescriptorProto.Select(b => FileDescriptorProto.Parser.ParseFrom(b)).ToList();
        Assert.Equal(["echo.proto", "google/protobuf/empty.proto"], first.Select(f => f.Name));
        Assert.Equal("Echo", first[0].Service.Single().Name);
        Assert.Equal(Echo.ServiceName, responses[0].OriginalRequest.FileContainingSymbol);

        // Later answers carry the file itself; imports already sent on this stream are not repeated.
        foreach (var i in new[] { 1, 2, 3 })
            Assert.Equal(["echo.proto"], responses[i].FileDescriptorResponse.FileDescriptorProto.Select(b => FileDescriptorProto.Parser.ParseFrom(b).Name));

        Assert.Equal((int)StatusCode.NotFound, responses[4].ErrorResponse.ErrorCode);
        Assert.Equal("grpc.health.v1", FileDescriptorProto.Parser.ParseFrom(responses[5].FileDescriptorResponse.FileDescriptorProto[0]).Package);
    }
}
