using Greentic.ComponentHost;
using Greentic.ControlPlane.OAuth;
using Greentic.ControlPlane.Tenancy;
using Grpc.Core;

namespace Greentic.ControlPlane.Components;

/// <summary>
/// The OAuth broker import of one component call: <see cref="OAuthBroker"/> for the call's tenant, exactly as
/// OAuthBrokerService serves it. broker-v1's exchange-code carries no state, so the subject's single pending consent is
/// used. A refusal reaches the guest as an empty string and the host log as its status and message (which never hold a token).
/// </summary>
internal sealed class ComponentOAuthBroker(OAuthBroker broker, TenantContext tenant) : IOAuthBrokerAccess
{
    public ValueTask<string> GetConsentUrlAsync(string providerId, string subject, IReadOnlyList<string> scopes, string redirectPath, string extraJson,
        CancellationToken cancellationToken) =>
        Run(() => broker.GetConsentUrlAsync(tenant, providerId, subject, scopes, redirectPath, extraJson, cancellationToken));

    public ValueTask<string> ExchangeCodeAsync(string providerId, string subject, string code, string redirectPath, CancellationToken cancellationToken) =>
        Run(() => broker.ExchangeCodeAsync(tenant, providerId, subject, code, redirectPath, state: null, cancellationToken));

    public ValueTask<string> GetTokenAsync(string providerId, string subject, IReadOnlyList<string> scopes, CancellationToken cancellationToken) =>
        Run(() => broker.GetTokenAsync(tenant, providerId, subject, scopes, cancellationToken));

    private static async ValueTask<string> Run(Func<Task<string>> operation)
    {
        try
        {
            return await operation();
        }
        catch (RpcException e)
        {
            throw new HostCallException(e.StatusCode.ToString(), e.Status.Detail);
        }
    }
}
