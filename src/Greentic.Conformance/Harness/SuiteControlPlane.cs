using Greentic.ControlPlane.Auth;
using Greentic.ControlPlane.Hosting;
using Greentic.Packs.Runtime;
using Greentic.Providers.Channels;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Greentic.Conformance.Harness;

/// <summary>
/// The control plane the target runs behind, in this process: the real host (<see cref="ControlPlaneHost"/>) on a Unix
/// socket, with two tenants, a dev token issuer, SQLite state and encrypted file secrets under the work folder, and one
/// routing rule to the target. The target calls back into it with <see cref="SidecarToken"/>; its callbacks are
/// recorded (<see cref="Callbacks"/>) and its logs kept (<see cref="Log"/>).
/// </summary>
internal sealed class SuiteControlPlane : IAsyncDisposable
{
    public const string Env = "conformance";
    public const string TenantA = "conformance-a";
    public const string TenantB = "conformance-b";
    public const string Binding = "conformance-target";
    public const int MaxAttempts = 3;
    public const string AllowedSecret = "conformance/token";
    public const string ForbiddenSecret = "conformance/forbidden";
    /// <summary>The largest message the suite's control plane passes (the oversized-input check sends more than a provider should take).</summary>
    public const int MaxMessageSize = 64 * 1024 * 1024;

    private readonly WebApplication app;
    private readonly DevTokenIssuer issuer;

    private SuiteControlPlane(WebApplication app, DevTokenIssuer issuer, string dir, CallbackRecorder callbacks, SuiteLog log)
    {
        this.app = app;
        this.issuer = issuer;
        Address = "unix://" + Path.Combine(dir, "cp.sock");
        Callbacks = callbacks;
        Log = log;
        SidecarToken = issuer.Issue(new DevTokenRequest
        {
            Subject = "sidecar:conformance-target", Tenants = [TenantA, TenantB], Roles = [GreenticRoles.Sidecar], Lifetime = TimeSpan.FromDays(1),
        });
        ClientToken = issuer.Issue(new DevTokenRequest
        {
            Subject = "conformance-suite", Tenants = [TenantA, TenantB], Roles = [GreenticRoles.Admin], Lifetime = TimeSpan.FromDays(1),
        });
    }

    /// <summary>Where the control plane serves gRPC (h2c on a Unix socket): clients and the target's callbacks.</summary>
    public string Address { get; }

    /// <summary>The bearer the target's callbacks present (role sidecar, both tenants).</summary>
    public string SidecarToken { get; }

    /// <summary>The suite's own bearer (role admin, both tenants): provider calls, seeding secrets, reading state.</summary>
    public string ClientToken { get; }

    public CallbackRecorder Callbacks { get; }
    public SuiteLog Log { get; }
    public IServiceProvider Services => app.Services;

    public static async Task<SuiteControlPlane> StartAsync(string dir, SuiteRoute route, CancellationToken cancellationToken)
    {
        var issuer = DevTokenIssuer.CreateEphemeral();
        await issuer.WritePublicJwksAsync(Path.Combine(dir, "jwks.json"), cancellationToken);
        Directory.CreateDirectory(Path.Combine(dir, "routes"));
        await File.WriteAllTextAsync(Path.Combine(dir, "routes", "conformance.yaml"), route.ToYaml(), cancellationToken);
        var log = new SuiteLog();
        var callbacks = new CallbackRecorder(TimeProvider.System);
        var settings = Settings(dir, route);
        var app = ControlPlaneHost.Build([], builder =>
        {
            builder.Configuration.AddInMemoryCollection(settings);
            builder.Logging.ClearProviders();
            builder.Logging.AddProvider(log);
            builder.Logging.SetMinimumLevel(LogLevel.Information);
            builder.Services.AddSingleton(callbacks);
            builder.Services.AddGrpc(o => o.Interceptors.Add<CallbackRecorder>());
        });
        try
        {
            await app.StartAsync(cancellationToken);
            var suite = new SuiteControlPlane(app, issuer, dir, callbacks, log);
            if (route.Pack is not null) await suite.LoadPacksAsync(cancellationToken);
            return suite;
        }
        catch
        {
            await app.DisposeAsync();
            issuer.Dispose();
            throw;
        }
    }

    private static Dictionary<string, string?> Settings(string dir, SuiteRoute route)
    {
        var settings = EmbeddedSettings.Create(dir, Env);
        settings["Greentic:ControlPlane:MaxMessageSize"] = MaxMessageSize.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (route.RemoteIdentity is { } identity)
        {
            settings["Greentic:Remote:ClientCertificateFile"] = identity.Cert;
            settings["Greentic:Remote:ClientKeyFile"] = identity.Key;
            settings["Greentic:Remote:TrustedCaFile"] = identity.Ca;
        }
        if (route.Pack is { } pack) EmbeddedSettings.Add(settings, pack);
        return settings;
    }

    /// <summary>Loads the component pack now (the watcher loads it at start too; this waits for it and fails with its error).</summary>
    private async Task LoadPacksAsync(CancellationToken cancellationToken)
    {
        var result = await app.Services.GetRequiredService<PackRuntimeManager>().ReloadAsync(cancellationToken);
        if (!result.Success) throw new InvalidOperationException($"the component's pack did not load: {result.Error}");
    }

    /// <summary>A channel to this control plane that sends and receives up to <see cref="MaxMessageSize"/>.</summary>
    public TargetChannel Channel() => TargetChannel.Create(Address, maxMessageSize: MaxMessageSize);

    public Metadata Bearer() => new() { { "authorization", "Bearer " + ClientToken } };

    public async ValueTask DisposeAsync()
    {
        await app.DisposeAsync();
        issuer.Dispose();
    }
}
