using Greentic.ControlPlane.Auth;
using Greentic.ControlPlane.Hosting;
using Greentic.Rpc;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

using Greentic.ControlPlane.Tests.TestSupport;

namespace Greentic.ControlPlane.Tests.Telemetry;

/// <summary>
/// A real control plane on a Unix socket exporting traces and metrics over OTLP/HTTP protobuf to
/// <paramref name="otlpEndpoint"/>, with the encrypted file secrets backend and SQLite state; tenant <c>acme</c>.
/// </summary>
internal sealed class TelemetryControlPlane : IAsyncDisposable
{
    private readonly WebApplication _app;
    private bool _stopped;

    private TelemetryControlPlane(string dir, DevTokenIssuer issuer, WebApplication app)
    {
        Dir = dir;
        Issuer = issuer;
        _app = app;
    }

    public string Dir { get; }
    public DevTokenIssuer Issuer { get; }
    public IServiceProvider Services => _app.Services;

    public static async Task<TelemetryControlPlane> StartAsync(string dir, string routesYaml, string otlpEndpoint, ILoggerProvider? logs = null)
    {
        var issuer = DevTokenIssuer.CreateEphemeral();
        await issuer.WritePublicJwksAsync(Path.Combine(dir, "jwks.json"), CancellationToken.None);
        Directory.CreateDirectory(Path.Combine(dir, "routes"));
        await File.WriteAllTextAsync(Path.Combine(dir, "routes", "routes.yaml"), routesYaml);
        var settings = ControlPlaneSettings.Create(dir, httpAddress: null);
        settings["OTEL_EXPORTER_OTLP_ENDPOINT"] = otlpEndpoint;
        settings["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf";
        settings["OTEL_SERVICE_NAME"] = "greentic-telemetry-test";
        var app = ControlPlaneHost.Build([], b =>
        {
            b.Configuration.AddInMemoryCollection(settings);
            if (logs is not null)
            {
                b.Logging.AddProvider(logs);
                b.Logging.SetMinimumLevel(LogLevel.Trace);
            }
        });
        await app.StartAsync();
        return new TelemetryControlPlane(dir, issuer, app);
    }

    public string Token(params string[] roles) =>
        Issuer.Issue(new DevTokenRequest { Subject = "client", Tenants = ["acme"], Roles = roles });

    public RpcChannel Channel() => RpcChannel.ForAddress("unix://" + Path.Combine(Dir, "cp.sock"));

    public static Metadata Bearer(string token) => new() { { "authorization", "Bearer " + token } };

    /// <summary>Stops the host, which flushes the exporters: every span ended so far has reached the receiver.</summary>
    public async Task StopAsync()
    {
        if (_stopped) return;
        _stopped = true;
        await _app.StopAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await _app.DisposeAsync();
    }
}
