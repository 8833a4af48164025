using System.Collections.Concurrent;
using Google.Protobuf;
using Greentic.Provider.V1;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Greentic.ControlPlane.Tests.Telemetry;

/// <summary>
/// A provider sidecar hosted in the test on a Unix socket (grpc-dotnet over h2c): answers Invoke like the
/// sample echo and keeps the request metadata of every call, so the test sees what the control plane forwarded.
/// </summary>
internal sealed class HeaderRecordingSidecar : IAsyncDisposable
{
    private readonly WebApplication _app;

    private HeaderRecordingSidecar(WebApplication app, string socket)
    {
        _app = app;
        Socket = socket;
    }

    public string Socket { get; }
    public Recorder Calls => _app.Services.GetRequiredService<Recorder>();

    public static async Task<HeaderRecordingSidecar> StartAsync(string socket)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.ListenUnixSocket(socket, l => l.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        builder.Services.AddSingleton<Recorder>();
        builder.Services.AddSingleton<Service>();
        var app = builder.Build();
        app.MapGrpcService<Service>();
        await app.StartAsync();
        return new HeaderRecordingSidecar(app, socket);
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    internal sealed class Recorder
    {
        public ConcurrentQueue<(InvokeRequest Request, Metadata Headers)> Invokes { get; } = new();
    }

    private sealed class Service(Recorder recorder) : ProviderService.ProviderServiceBase
    {
        public override Task<InvokeResponse> Invoke(InvokeRequest request, ServerCallContext context)
        {
            recorder.Invokes.Enqueue((request, context.RequestHeaders));
            var output = $$"""{"ok":true,"op":"{{request.Op}}","input":{{request.InputJson.ToStringUtf8()}}}""";
            return Task.FromResult(new InvokeResponse { OutputJson = ByteString.CopyFromUtf8(output) });
        }
    }
}
