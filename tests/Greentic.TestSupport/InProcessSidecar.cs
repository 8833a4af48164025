using Greentic.Provider.V1;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;

namespace Greentic.TestSupport;

/// <summary>
/// A provider sidecar hosted in the test process: grpc-dotnet over h2c on a Unix socket (a <see cref="LoopbackServer"/>
/// listening there) serving one ProviderService implementation, whose dependencies <c>services</c> registers. The
/// in-process sidecars of the tests differ only in that service; <see cref="SidecarProcess"/> runs a real one.
/// </summary>
public sealed class InProcessSidecar : IAsyncDisposable
{
    private readonly LoopbackServer _server;

    private InProcessSidecar(LoopbackServer server, string socket)
    {
        _server = server;
        Socket = socket;
    }

    public string Socket { get; }

    public static async Task<InProcessSidecar> StartAsync<TService>(string socket, Action<IServiceCollection>? services = null)
        where TService : ProviderService.ProviderServiceBase
    {
        var server = await LoopbackServer.StartAsync(app => app.MapGrpcService<TService>(), builder =>
        {
            builder.WebHost.ConfigureKestrel(k => k.ListenUnixSocket(socket, l => l.Protocols = HttpProtocols.Http2));
            builder.Services.AddGrpc();
            services?.Invoke(builder.Services);
        });
        return new InProcessSidecar(server, socket);
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();
}
