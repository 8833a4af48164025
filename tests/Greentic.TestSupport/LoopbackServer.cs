using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Greentic.TestSupport;

/// <summary>
/// A real Kestrel server on 127.0.0.1 at a port the system picks, logging off: the one listener the test servers
/// build on, each mapping only what it serves. <c>configure</c> may add services or replace the endpoint (TLS,
/// HTTP/2, a Unix socket): an endpoint set in code takes the place of the default one.
/// </summary>
/// <remarks>Greentic.Packs.Tests compiles this file in (it has no reference to TestSupport and the control plane).</remarks>
public sealed class LoopbackServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LoopbackServer(WebApplication app)
    {
        _app = app;
        BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
    }

    /// <summary>The address it listens on, without a trailing slash: <c>http://127.0.0.1:PORT</c>.</summary>
    public string BaseUrl { get; }

    public static async Task<LoopbackServer> StartAsync(Action<WebApplication> map, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        configure?.Invoke(builder);
        var app = builder.Build();
        map(app);
        await app.StartAsync();
        return new LoopbackServer(app);
    }

    /// <summary>Stops gracefully: requests in flight finish, unless <paramref name="cancellationToken"/> cuts the wait short.</summary>
    public Task StopAsync(CancellationToken cancellationToken = default) => _app.StopAsync(cancellationToken);

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
