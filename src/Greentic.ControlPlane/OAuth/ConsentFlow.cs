using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Duende.IdentityModel.Client;
using Greentic.ControlPlane.Secrets;
using Greentic.ControlPlane.Tenancy;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Greentic.ControlPlane.OAuth;

/// <summary>
/// The authorization-code flow with PKCE (S256), in two calls:
/// <list type="number">
/// <item><see cref="StartAsync"/>: a fresh nonce and PKCE verifier are stored as a pending consent (sealed, expiring);
/// the consent URL carries the S256 challenge and a signed <c>state</c> bound to tenant, provider and subject;</item>
/// <item><see cref="CompleteAsync"/>: the state is verified (or, without one, the subject's single pending consent is
/// used), the pending consent is taken — once, whoever asks second finds it gone — and the code is exchanged with
/// its verifier at the token endpoint; the token set is stored for {tenant, provider, subject}.</item>
/// </list>
/// </summary>
internal sealed class ConsentFlow(
    OAuthProviders providers,
    OAuthEndpointResolver endpoints,
    OAuthTokenClient tokens,
    OAuthStore store,
    ConsentStates states,
    SecretRedactor redactor,
    IOptionsMonitor<OAuthOptions> options,
    TimeProvider time,
    ILogger<ConsentFlow> logger)
{
    public async Task<string> StartAsync(TenantContext tenant, string providerId, string subject, IReadOnlyList<string> requestedScopes,
        string redirectPath, string extraJson, CancellationToken ct)
    {
        var provider = providers.Get(tenant, providerId);
        BrokerInput.Subject(subject);
        var redirectUri = BrokerInput.RedirectUri(provider, redirectPath);
        var scopes = BrokerInput.Scopes(provider, requestedScopes);
        var extra = BrokerInput.ExtraParameters(provider, extraJson);
        var authorize = (await endpoints.ResolveAsync(provider, ct)).Authorize;
        await DropExpiredAsync(tenant, provider.Id, subject, ct);

        var now = time.GetUtcNow();
        var expiresAt = (now + options.CurrentValue.ConsentLifetime).ToUnixTimeSeconds();
        var nonce = ConsentStates.NewNonce();
        var verifier = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        redactor.Register(verifier);
        await store.WritePendingAsync(tenant, provider.Id, subject, new PendingConsent(nonce, verifier, redirectUri, scopes, expiresAt), ct);

        var parameters = new Parameters(extra);
        var url = new RequestUrl(authorize).CreateAuthorizeUrl(
            clientId: provider.Options.ClientId,
            responseType: "code",
            scope: scopes.Count == 0 ? null : string.Join(' ', scopes),
            redirectUri: redirectUri,
            state: states.Issue(tenant, provider.Id, subject, nonce, expiresAt),
            codeChallenge: Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))),
            codeChallengeMethod: "S256",
            extra: parameters);
        OAuthLog.ConsentStarted(logger, tenant.Tenant, provider.Id, OAuthStore.SubjectKey(subject));
        return url;
    }

    public async Task<StoredTokenSet> CompleteAsync(TenantContext tenant, string providerId, string subject, string code, string redirectPath,
        string? state, CancellationToken ct)
    {
        var provider = providers.Get(tenant, providerId);
        BrokerInput.Subject(subject);
        BrokerInput.Code(code);
        redactor.Register(code);
        var redirectUri = BrokerInput.RedirectUri(provider, redirectPath);
        // Configuration problems first, so they do not spend the user's single-use consent.
        var endpoint = (await endpoints.ResolveAsync(provider, ct)).Token;
        var secret = await providers.ClientSecretAsync(tenant, provider, ct);
        var pending = await TakePendingAsync(tenant, provider, subject, state, redirectUri, ct);

        var response = await tokens.ExchangeCodeAsync(provider, new OAuthEndpoints("", endpoint), secret, code, redirectUri, pending.CodeVerifier, ct);
        if (response.IsError) throw TokenEndpointErrors.ToRpc(response, provider, endpoint, TokenEndpointErrors.Phase.Exchange, redactor);
        if (string.IsNullOrEmpty(response.AccessToken))
            throw new RpcException(new Status(StatusCode.FailedPrecondition, $"OAuth provider '{provider.Id}' answered the code exchange without an access token"));

        var stored = TokenSets.From(response, pending.Scopes, previous: null, time.GetUtcNow());
        await store.WriteTokensAsync(tenant, provider.Id, subject, stored, ct);
        OAuthLog.CodeExchanged(logger, tenant.Tenant, provider.Id, OAuthStore.SubjectKey(subject));
        return stored;
    }

    /// <summary>
    /// Checks, in order: the state's signature and binding (INVALID_ARGUMENT), its expiry and the pending consent's
    /// (FAILED_PRECONDITION), the redirect URI (INVALID_ARGUMENT), and takes the pending consent — a second take, a
    /// replay, is FAILED_PRECONDITION.
    /// </summary>
    private async Task<PendingConsent> TakePendingAsync(TenantContext tenant, OAuthProvider provider, string subject, string? state,
        string redirectUri, CancellationToken ct)
    {
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        string nonce;
        if (!string.IsNullOrEmpty(state))
        {
            var verified = states.Verify(state, tenant, provider.Id, subject)
                ?? throw Refused(tenant, provider, subject, StatusCode.InvalidArgument,
                    $"the state does not verify: it was altered, or it was issued for another tenant, provider or subject than " +
                    $"provider '{provider.Id}' and this subject; pass the state of the redirect unchanged, with the provider and subject of its consent URL");
            if (verified.ExpiresAt <= now) throw Expired(tenant, provider, subject, verified.ExpiresAt);
            nonce = verified.Nonce;
        }
        else
        {
            var nonces = await store.PendingNoncesAsync(tenant, provider.Id, subject, ct);
            if (nonces.Count > 1)
                throw Refused(tenant, provider, subject, StatusCode.FailedPrecondition,
                    $"{nonces.Count} consents are pending for provider '{provider.Id}' and this subject: pass the state from the redirect to say which one");
            nonce = nonces.Count == 1 ? nonces[0] : "";
        }
        var pending = nonce.Length == 0 ? null : await store.PeekPendingAsync(tenant, provider.Id, subject, nonce, ct);
        if (pending is null)
            throw Refused(tenant, provider, subject, StatusCode.FailedPrecondition, string.IsNullOrEmpty(state)
                ? $"no consent is pending for provider '{provider.Id}' and this subject: start one with GetConsentUrl"
                : "this consent state was already used (a state is single use) or has expired: start again with GetConsentUrl");
        if (pending.ExpiresAt <= now) throw Expired(tenant, provider, subject, pending.ExpiresAt);
        if (!string.Equals(pending.RedirectUri, redirectUri, StringComparison.Ordinal))
            throw Refused(tenant, provider, subject, StatusCode.InvalidArgument,
                $"redirect_path differs from the one of the consent URL ({pending.RedirectUri}): pass the same redirect_path to ExchangeCode");
        return await store.TakePendingAsync(tenant, provider.Id, subject, nonce, ct)
            ?? throw Refused(tenant, provider, subject, StatusCode.FailedPrecondition,
                "this consent state was already used (a state is single use): start again with GetConsentUrl");
    }

    private RpcException Expired(TenantContext tenant, OAuthProvider provider, string subject, long expiresAt) =>
        Refused(tenant, provider, subject, StatusCode.FailedPrecondition,
            $"the consent expired at {DateTimeOffset.FromUnixTimeSeconds(expiresAt):u} (consents last {options.CurrentValue.ConsentLifetime}): start again with GetConsentUrl");

    private RpcException Refused(TenantContext tenant, OAuthProvider provider, string subject, StatusCode code, string message)
    {
        OAuthLog.ConsentRefused(logger, tenant.Tenant, provider.Id, OAuthStore.SubjectKey(subject), message);
        return new RpcException(new Status(code, message));
    }

    /// <summary>Drops this subject's expired pending consents, so abandoned flows do not pile up.</summary>
    private async Task DropExpiredAsync(TenantContext tenant, string providerId, string subject, CancellationToken ct)
    {
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        var live = 0;
        foreach (var nonce in await store.PendingNoncesAsync(tenant, providerId, subject, ct))
        {
            if (await store.PeekPendingAsync(tenant, providerId, subject, nonce, ct) is { } p && p.ExpiresAt > now) live++;
            else await store.DeletePendingAsync(tenant, providerId, subject, nonce, ct);
        }
        if (live >= OAuthStore.MaxPendingPerSubject)
            throw new RpcException(new Status(StatusCode.ResourceExhausted,
                $"{OAuthStore.MaxPendingPerSubject} consents are already pending for provider '{providerId}' and this subject: finish or let them expire first"));
    }
}
