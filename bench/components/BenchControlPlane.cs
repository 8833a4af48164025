using Greentic.Conformance.Harness;
using Greentic.ControlPlane.Auth;
using Greentic.ControlPlane.Hosting;
using Greentic.Packs.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Greentic.Components.Bench;

/// <summary>
/// The control plane in this process on a Unix socket, with the echo component in a signed pack and two routes for it,
/// picked by the caller's team: <c>inproc</c> (the component on this process's engine) and <c>sidecar</c> (the same
/// component in the sidecar host). Same binding settings for both; Information logs off.
/// </summary>
internal static class BenchControlPlane
{
    public const string Tenant = "acme";
    public const string ProviderType = "greentic.sample.echo";

    public static async Task<(WebApplication App, string Token)> StartAsync(string dir, string component, string sidecarSocket)
    {
        var issuer = DevTokenIssuer.CreateEphemeral();
        await issuer.WritePublicJwksAsync(Path.Combine(dir, "jwks.json"), CancellationToken.None);
        var pack = ComponentPack.Write(Path.Combine(dir, "pack"), [new ComponentPack.Component(component, ProviderType, GrantState: false)], [Tenant]);
        Directory.CreateDirectory(Path.Combine(dir, "routes"));
        await File.WriteAllTextAsync(Path.Combine(dir, "routes", "bench.yaml"), $$"""
            version: 1
            rules:
              - name: echo-inproc
                match: { provider_type: {{ProviderType}}, team: inproc }
                binding: { transport: inproc, target: {{ProviderType}}, timeout: 10s }
              - name: echo-sidecar
                match: { provider_type: {{ProviderType}}, team: sidecar }
                binding: { transport: sidecar, target: "unix://{{sidecarSocket}}", timeout: 10s }
            """);
        var settings = EmbeddedSettings.Create(dir, "dev");
        EmbeddedSettings.Add(settings, pack);
        var app = ControlPlaneHost.Build([], b =>
        {
            b.Configuration.AddInMemoryCollection(settings);
            b.Logging.SetMinimumLevel(LogLevel.Warning);
        });
        await app.StartAsync();
        var reload = await app.Services.GetRequiredService<PackRuntimeManager>().ReloadAsync();
        if (!reload.Success) throw new InvalidOperationException($"the echo pack did not load: {reload.Error}");
        return (app, issuer.Issue(new DevTokenRequest { Subject = "bench", Tenants = [Tenant] }));
    }
}
