using Greentic.Events.V1;
using Greentic.Provider.V1;
using Greentic.Secrets.V1;
using Grpc.Core;
using Microsoft.Extensions.Options;

namespace Greentic.ControlPlane.Auth;

/// <summary>
/// Confines a caller with the <see cref="GreenticRoles.Gateway"/> role to what ingress needs, before any handler runs
/// (tenant authorization still applies after it: only the tenants the token grants):
/// <list type="bullet">
/// <item><c>ProviderService/Describe</c>, and <c>ProviderService/Invoke</c> with op <c>ingest_http</c>;</item>
/// <item><c>EventsService/Publish</c>;</item>
/// <item><c>SecretsService/Get</c> of a name in <see cref="GatewayRoleOptions.SecretNames"/>;</item>
/// <item>the gRPC health service.</item>
/// </list>
/// Everything else is PERMISSION_DENIED naming what the role allows. The secret name is echoed only when refused (names are not values).
/// </summary>
internal sealed class GatewayRoleInterceptor(IOptionsMonitor<GatewayRoleOptions> options) : CallCheckInterceptor
{
    public const string IngestOp = "ingest_http";

    protected override void Check(ServerCallContext context, object? request)
    {
        var principal = context.GetHttpContext().User.GreenticPrincipal();
        if (principal is null || !principal.IsInRole(GreenticRoles.Gateway)) return;
        var refusal = Refusal(context.Method, request);
        if (refusal is not null)
            throw new RpcException(new Status(StatusCode.PermissionDenied,
                $"'{principal.Subject}' has role '{GreenticRoles.Gateway}', which {refusal}; the role may call ProviderService Describe and " +
                $"Invoke op '{IngestOp}', EventsService Publish and SecretsService Get of the webhook secrets"));
    }

    private string? Refusal(string method, object? request) => (method, request) switch
    {
        ("/grpc.health.v1.Health/Check" or "/grpc.health.v1.Health/Watch", _) => null,
        ("/greentic.provider.v1.ProviderService/Describe", _) => null,
        ("/greentic.provider.v1.ProviderService/Invoke", InvokeRequest invoke) =>
            invoke.Op == IngestOp ? null : $"may not invoke op '{Tenancy.TenantContext.Sanitize(invoke.Op)}'",
        ("/greentic.events.v1.EventsService/Publish", PublishRequest) => null,
        ("/greentic.secrets.v1.SecretsService/Get", GetRequest get) =>
            options.CurrentValue.SecretNames.Contains(get.Key, StringComparer.Ordinal)
                ? null
                : $"may not read secret '{Tenancy.TenantContext.Sanitize(get.Key)}' (not a webhook secret name in {GatewayRoleOptions.SectionName}:SecretNames)",
        _ => $"may not call '{method.TrimStart('/')}'",
    };
}
