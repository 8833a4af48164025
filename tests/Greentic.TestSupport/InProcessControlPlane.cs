using System.Security.Cryptography.X509Certificates;
using Greentic.ControlPlane.Auth;
using Greentic.ControlPlane.Hosting;
using Greentic.Providers.Channels;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Greentic.TestSupport;

/// <summary>
/// A real control plane in this process, on a Unix socket (h2c), a TLS port (client certificates) and an HTTP port,
/// with SQLite state, the encrypted file secrets backend, a JWKS file from a dev issuer and a routing policy folder.
/// Tenants: <c>acme</c> and <c>globex</c>; the sample providers run in-process. Subclass to change the routes or add
/// settings and services; use it as an xunit class or collection fixture, or start one inside a test with
/// <see cref="StartAsync{T}"/> and <c>await using</c>.
/// </summary>
public class InProcessControlPlane : IAsyncLifetime, IAsyncDisposable
{
    public const string Routes = """
        version: 1
        rules:
          - name: echo-inproc
            match: { provider_type: echo }
            binding: { transport: inproc, target: echo, timeout: 5s }
          - name: dummy-inproc
            match: { provider_type: messaging.dummy }
            binding: { transport: inproc, target: messaging.dummy, secrets: [dummy/api_token] }
        """;

    private WebApplication? _app;
    private bool _stopped;

    public string Dir { get; } = Directory.CreateTempSubdirectory("gt-cp-").FullName;
    public DevTokenIssuer Issuer { get; } = DevTokenIssuer.CreateEphemeral();
    public TestPki Pki { get; private set; } = null!;
    public string GrpcSocket => Path.Combine(Dir, "cp.sock");
    public string GrpcTarget => "unix://" + GrpcSocket;
    public string HttpAddress { get; private set; } = "";
    public string TlsAddress { get; private set; } = "";
    public IServiceProvider Services => _app!.Services;

    /// <summary>The routing policy the control plane starts with.</summary>
    protected virtual string RoutesYaml => Routes;

    /// <summary>Runs before the control plane is built: start peers, add settings.</summary>
    protected virtual Task ConfigureAsync(Dictionary<string, string?> settings) => Task.CompletedTask;

    /// <summary>
    /// Adds services before the control plane's own registrations, which use TryAdd: a service registered here
    /// (a <see cref="TimeProvider"/>, an <see cref="Greentic.Providers.IProvider"/>) is the one the control plane uses.
    /// </summary>
    protected virtual void ConfigureServices(IServiceCollection services) => services.AddSampleProviders();

    /// <summary>Adds logging providers or filters.</summary>
    protected virtual void ConfigureLogging(ILoggingBuilder logging) { }

    /// <summary>Starts <paramref name="controlPlane"/>; dispose it (<c>await using</c>) when the test ends.</summary>
    public static async Task<T> StartAsync<T>(T controlPlane) where T : InProcessControlPlane
    {
        try
        {
            await controlPlane.InitializeAsync();
            return controlPlane;
        }
        catch
        {
            await controlPlane.DisposeAsync();
            throw;
        }
    }

    public virtual async Task InitializeAsync()
    {
        Pki = new TestPki(Dir);
        await Issuer.WritePublicJwksAsync(Path.Combine(Dir, "jwks.json"), CancellationToken.None);
        var tlsPort = FreePort.Next();
        var settings = ControlPlaneSettings.Create(Dir);
        settings["Greentic:ControlPlane:TlsAddress"] = $"https://127.0.0.1:{tlsPort}";
        settings["Greentic:ControlPlane:ServerCertificateFile"] = Pki.ServerCertFile;
        settings["Greentic:ControlPlane:ServerKeyFile"] = Pki.ServerKeyFile;
        settings["Greentic:Auth:ClientCertificates:TrustedCaFile"] = Pki.CaFile;
        settings["Greentic:Network:Tenants:acme:Domains:0"] = "127.0.0.1";
        settings["Greentic:Network:Tenants:acme:Domains:1"] = "localhost";
        await ConfigureAsync(settings);
        Directory.CreateDirectory(Path.Combine(Dir, "routes"));
        File.WriteAllText(Path.Combine(Dir, "routes", "routes.yaml"), RoutesYaml);
        _app = ControlPlaneHost.Build([], b =>
        {
            b.Configuration.AddInMemoryCollection(settings);
            ConfigureLogging(b.Logging);
        }, ConfigureServices);
        await _app.StartAsync();
        var addresses = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        HttpAddress = addresses.First(a => a.StartsWith("http://127.0.0.1", StringComparison.Ordinal));
        TlsAddress = $"https://127.0.0.1:{tlsPort}";
    }

    /// <summary>Stops the host (once), which flushes telemetry exporters and stops supervised sidecars.</summary>
    public async Task StopAsync()
    {
        if (_app is null || _stopped) return;
        _stopped = true;
        await _app.StopAsync();
    }

    public virtual async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await StopAsync();
            await _app.DisposeAsync();
        }
        try { Directory.Delete(Dir, recursive: true); } catch (IOException) { }
    }

    ValueTask IAsyncDisposable.DisposeAsync() => new(DisposeAsync());

    /// <summary>A token from the trusted dev issuer; tweak the request for the failure cases.</summary>
    public string Token(string tenant, params string[] roles) =>
        Issuer.Issue(new DevTokenRequest { Subject = "user-" + tenant, Tenants = [tenant], Roles = roles });

    /// <summary>A channel to the control plane's Unix socket (h2c). Dispose it.</summary>
    public TargetChannel Channel() => TargetChannel.Create(GrpcTarget);

    /// <summary>A channel over TLS presenting <paramref name="clientCertificate"/>, trusting only the test CA.</summary>
    public TargetChannel TlsChannel(X509Certificate2? clientCertificate)
    {
        var roots = new X509Certificate2Collection();
        roots.ImportFromPemFile(Pki.CaFile);
        return TargetChannel.Create(TlsAddress, new ChannelTls(roots, clientCertificate));
    }

    public static Metadata Bearer(string token) => new() { { "authorization", "Bearer " + token } };
}

[CollectionDefinition(Name)]
public sealed class InProcessControlPlaneCollection : ICollectionFixture<InProcessControlPlane>
{
    public const string Name = "control plane";
}
