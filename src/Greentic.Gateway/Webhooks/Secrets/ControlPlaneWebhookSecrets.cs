using Grpc.Core;
using Greentic.Gateway.Dispatch;
using Greentic.Gateway.Hosting;
using Greentic.Secrets.V1;
using Greentic.Types.V1;
using Microsoft.Extensions.Options;

namespace Greentic.Gateway.Webhooks.Secrets;

/// <summary>
/// Webhook secrets from the control plane: <c>SecretsService.Get</c> with the webhook's tenant context and
/// the gateway's service credentials (<see cref="ControlPlaneChannel"/>). An absent value is "not configured";
/// a failed call is <see cref="WebhookSecretsUnavailableException"/>. Values are never logged.
/// </summary>
internal sealed class ControlPlaneWebhookSecrets(ControlPlaneChannel channel, IOptionsMonitor<GatewayOptions> options) : IWebhookSecrets
{
    public async ValueTask<SecretValue?> GetAsync(WebhookSecretScope scope, string name, CancellationToken cancellationToken)
    {
        var client = new SecretsService.SecretsServiceClient(channel.Channel);
        var ctx = new TenantCtx { Env = scope.Env, Tenant = scope.Tenant, TenantId = scope.Tenant };
        if (scope.Team is not null)
        {
            ctx.Team = scope.Team;
            ctx.TeamId = scope.Team;
        }
        var request = new GetRequest { Ctx = ctx, Key = options.CurrentValue.Secrets.KeyPrefix + name };
        try
        {
            var response = await client.GetAsync(request, channel.CallOptions(null, cancellationToken));
            return response.HasValue ? new SecretValue(response.Value.ToByteArray()) : null;
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound)
        {
            return null;
        }
        catch (RpcException ex)
        {
            throw new WebhookSecretsUnavailableException($"the control plane's SecretsService answered {ex.StatusCode} for '{name}' of tenant '{scope.Tenant}': {ex.Status.Detail}", ex);
        }
    }
}
