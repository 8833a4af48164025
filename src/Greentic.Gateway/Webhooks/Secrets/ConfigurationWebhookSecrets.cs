using System.Text;
using Greentic.Gateway.Hosting;
using Microsoft.Extensions.Options;

namespace Greentic.Gateway.Webhooks.Secrets;

/// <summary>Secrets from <c>Secrets:Static:{tenant}:{NAME}</c> (Source = config), for local development without a control plane.</summary>
internal sealed class ConfigurationWebhookSecrets(IOptionsMonitor<GatewayOptions> options) : IWebhookSecrets
{
    public ValueTask<SecretValue?> GetAsync(WebhookSecretScope scope, string name, CancellationToken cancellationToken)
    {
        var table = options.CurrentValue.Secrets.Static;
        var value = table.TryGetValue(scope.Tenant, out var secrets) && secrets.TryGetValue(name, out var v) ? v : null;
        return ValueTask.FromResult(value is null ? null : new SecretValue(Encoding.UTF8.GetBytes(value)));
    }
}
