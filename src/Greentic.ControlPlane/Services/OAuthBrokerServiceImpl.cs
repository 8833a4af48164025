using Greentic.ControlPlane.OAuth;
using Greentic.ControlPlane.Tenancy;
using Greentic.Oauth.V1;
using Grpc.Core;

namespace Greentic.ControlPlane.Services;

/// <summary>
/// <c>greentic.oauth.v1.OAuthBrokerService</c>: the <see cref="OAuthBroker"/> for the caller's authorized tenant
/// (<see cref="TenantAuthorizationInterceptor"/>). A provider calling back (role <c>sidecar</c>) is served only inside a
/// provider call in progress for exactly its tenant scope (<see cref="CallbackPolicy"/>), like SecretsService and StateService.
/// </summary>
public sealed class OAuthBrokerServiceImpl(OAuthBroker broker, CallbackPolicy callbacks) : OAuthBrokerService.OAuthBrokerServiceBase
{
    public override async Task<GetConsentUrlResponse> GetConsentUrl(GetConsentUrlRequest request, ServerCallContext context) => new()
    {
        Url = await broker.GetConsentUrlAsync(Tenant(context, request.Ctx), request.ProviderId, request.Subject, request.Scopes,
            request.RedirectPath, request.ExtraJson, context.CancellationToken),
    };

    public override async Task<ExchangeCodeResponse> ExchangeCode(ExchangeCodeRequest request, ServerCallContext context) => new()
    {
        TokenSetJson = await broker.ExchangeCodeAsync(Tenant(context, request.Ctx), request.ProviderId, request.Subject, request.Code,
            request.RedirectPath, request.State, context.CancellationToken),
    };

    public override async Task<GetTokenResponse> GetToken(GetTokenRequest request, ServerCallContext context) => new()
    {
        TokenSetJson = await broker.GetTokenAsync(Tenant(context, request.Ctx), request.ProviderId, request.Subject, request.Scopes,
            context.CancellationToken),
    };

    private TenantContext Tenant(ServerCallContext context, Types.V1.TenantCtx? ctx)
    {
        var call = context.Authorized();
        callbacks.Check(call, ctx);
        return call.Tenant;
    }
}
