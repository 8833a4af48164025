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

namespace Greentic.TestSupport;

/// <summary>
/// A real control plane in this process, on a Unix socket (h2c), a TLS port (client certificates) and an HTTP port,
/// with SQLite state, the encrypted file secrets backend, a JWKS file from a dev issuer and a routing policy folder.
/// Tenants: <c>acme</c> and <c>globex</c>; the sample providers run in-process. Subclass to change the routes or add
/// settings and services; use it as an xunit class or collection fixture.
/// </summary>
public class InProcessControlPlane : IAsyncLifetime
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

    /// <summary>Adds or replaces services (after the control plane's own registrations).</summary>
    protected virtual void ConfigureServices(IServiceCollection services) => services.AddSampleProviders();

    public async Task InitializeAsync()
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
            ConfigureServices(b.Services);
        });
        await _app.StartAsync();
        var addresses = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        HttpAddress = addresses.First(a => a.StartsWith("http://127.0.0.1", StringComparison.Ordinal));
        TlsAddress = $"https://127.0.0.1:{tlsPort}";
    }

    public virtual async Task DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
        try { Directory.Delete(Dir, recursive: true); } catch (IOException) { }
    }

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
