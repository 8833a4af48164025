namespace Greentic.ComponentHost;

/// <summary>
/// The OAuth broker of one call's tenant, behind <c>greentic:oauth-broker/broker-v1@1.0.0</c>. The host knows nothing of
/// OAuth: whoever builds the call context supplies this (the control plane, scoped to the call's tenant). Results are the
/// WIT's strings: a URL, a token-set JSON, or empty for "none". Throw <see cref="HostCallException"/> for a failure the
/// guest sees as an empty string; its message goes to the call's log, never to the guest, and must hold no secret.
/// </summary>
public interface IOAuthBrokerAccess
{
    ValueTask<string> GetConsentUrlAsync(string providerId, string subject, IReadOnlyList<string> scopes, string redirectPath, string extraJson,
        CancellationToken cancellationToken);

    ValueTask<string> ExchangeCodeAsync(string providerId, string subject, string code, string redirectPath, CancellationToken cancellationToken);

    ValueTask<string> GetTokenAsync(string providerId, string subject, IReadOnlyList<string> scopes, CancellationToken cancellationToken);
}
