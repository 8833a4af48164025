using Greentic.TestSupport;
using Greentic.ControlPlane.Auth;
using Greentic.ControlPlane.Hosting;
using Greentic.ControlPlane.Supervision;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Greentic.Sidecar.Host.Tests.Resilience;

/// <summary>
/// A real control plane (in this process, on a Unix socket) that supervises the real C# sidecar process the way
/// <c>greentic up</c> does, with provider type <c>echo</c> routed to it through the binding given, and
/// <c>messaging.dummy</c> routed to it with the secret <c>dummy/api_token</c> allowed (encrypted file secrets).
/// </summary>
internal sealed class SupervisedSidecarControlPlane : IAsyncDisposable
{
    public const string SidecarName = "echo";

    private readonly WebApplication _app;

    private SupervisedSidecarControlPlane(string dir, DevTokenIssuer issuer, WebApplication app)
    {
        Dir = dir;
        Issuer = issuer;
        _app = app;
    }

    public string Dir { get; }
    public DevTokenIssuer Issuer { get; }
    public SidecarSupervisor Supervisor => _app.Services.GetRequiredService<SidecarSupervisor>();
    public SidecarState? SidecarState => Supervisor.State(SidecarName);
    public string GrpcSocket => Path.Combine(Dir, "cp.sock");

    /// <param name="binding">The YAML body of the echo rule's binding, after <c>transport</c> and <c>target</c>.</param>
    /// <param name="minRestartBackoff">How long the supervisor waits before the first restart.</param>
    /// <param name="logs">Receives every log entry of the control plane, from Trace up.</param>
    public static async Task<SupervisedSidecarControlPlane> StartAsync(string binding, TimeSpan minRestartBackoff, ILoggerProvider? logs = null)
    {
        // Unix socket paths are limited to ~107 bytes: keep the folder short.
        var dir = Directory.CreateTempSubdirectory("gt-res-").FullName;
        var issuer = DevTokenIssuer.CreateEphemeral();
        await issuer.WritePublicJwksAsync(Path.Combine(dir, "jwks.json"), CancellationToken.None);
        var sidecarSocket = Path.Combine(dir, "sc.sock");
        Directory.CreateDirectory(Path.Combine(dir, "routes"));
        await File.WriteAllTextAsync(Path.Combine(dir, "routes", "routes.yaml"), $"""
            version: 1
            rules:
              - name: echo-sidecar
                match: {"{"} provider_type: echo {"}"}
                binding:
                  transport: sidecar
                  target: unix://{sidecarSocket}
            {Indent(binding, "      ")}
              - name: dummy-sidecar
                match: {"{"} provider_type: messaging.dummy {"}"}
                binding: {"{"} transport: sidecar, target: "unix://{sidecarSocket}", timeout: 10s, secrets: [dummy/api_token] {"}"}
            """);
        const string sc = "Greentic:Sidecars:" + SidecarName + ":";
        var sidecarToken = issuer.Issue(new DevTokenRequest { Subject = "sidecar:echo", Tenants = ["acme"], Roles = [GreenticRoles.Sidecar] });
        var settings = ControlPlaneSettings.Create(dir, httpAddress: null);
        foreach (var (key, value) in new Dictionary<string, string?>
        {
            [sc + "Command"] = "dotnet",
            [sc + "Args:0"] = RepoPaths.SidecarDll,
            [sc + "Args:1"] = "--listen",
            [sc + "Args:2"] = "unix://" + sidecarSocket,
            [sc + "Args:3"] = "--control-plane",
            [sc + "Args:4"] = "unix://" + Path.Combine(dir, "cp.sock"),
            [sc + "Address"] = "unix://" + sidecarSocket,
            [sc + "Environment:GREENTIC_SIDECAR_TOKEN"] = sidecarToken,
            [sc + "HealthInterval"] = "00:00:00.250",
            [sc + "MinBackoff"] = minRestartBackoff.ToString("c"),
        })
            settings[key] = value;
        var app = ControlPlaneHost.Build([], b =>
        {
            b.Configuration.AddInMemoryCollection(settings);
            b.Services.AddSampleProviders();
            if (logs is null) return;
            b.Logging.AddProvider(logs);
            b.Logging.SetMinimumLevel(LogLevel.Trace);
        });
        await app.StartAsync();
        var cp = new SupervisedSidecarControlPlane(dir, issuer, app);
        await cp.WaitForHealthySidecarAsync(previousPid: null, TimeSpan.FromSeconds(60));
        return cp;
    }

    public string ClientToken(params string[] roles) => Issuer.Issue(new DevTokenRequest { Subject = "client", Tenants = ["acme"], Roles = roles });

    public Greentic.Providers.Channels.TargetChannel Channel() => Greentic.Providers.Channels.TargetChannel.Create("unix://" + GrpcSocket);

    /// <summary>Waits until the supervisor reports a healthy sidecar other than <paramref name="previousPid"/>.</summary>
    public async Task<SidecarState> WaitForHealthySidecarAsync(int? previousPid, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (true)
        {
            if (SidecarState is { Healthy: true, ProcessId: { } pid } state && pid != previousPid) return state;
            if (DateTime.UtcNow > until)
                throw new TimeoutException($"the supervised sidecar was not healthy within {timeout.TotalSeconds} s: {SidecarState}");
            await Task.Delay(50);
        }
    }

    private static string Indent(string text, string indent) =>
        string.Join("\n", text.Trim().Split('\n').Select(l => indent + l.TrimEnd()));

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        try { Directory.Delete(Dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
