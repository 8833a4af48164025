using Greentic.ControlPlane.Secrets;
using Greentic.ControlPlane.Tenancy;
using Microsoft.Extensions.DependencyInjection;

namespace Greentic.Cli.Up;

/// <summary>Demo data of a dev start only (<c>up</c>, <c>serve --dev</c>): never written by a production start.</summary>
internal static class DemoData
{
    /// <summary>The sample sidecar's send_payload needs <c>dummy/api_token</c>; give tenant demo one on first start.</summary>
    public static async Task SeedAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var store = services.GetRequiredService<ISecretsStore>();
        var name = SecretName.For(new TenantContext("dev", DesktopDefaults.DemoTenant), "dummy", "api_token");
        if (await store.GetAsync(name, cancellationToken) is null)
            await store.PutAsync(name, System.Text.Encoding.UTF8.GetBytes(Guid.NewGuid().ToString("N")), cancellationToken);
    }
}
