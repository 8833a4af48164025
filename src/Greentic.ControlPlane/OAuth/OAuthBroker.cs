using System.Diagnostics;
using Greentic.ControlPlane.Secrets;
using Greentic.ControlPlane.Telemetry;
using Greentic.ControlPlane.Tenancy;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Greentic.ControlPlane.OAuth;

/// <summary>
/// <c>greentic:oauth-broker@1.0.0</c> <c>broker-v1</c> for one tenant at a time — the one implementation behind
/// OAuthBrokerService (clients and sidecars) and the Wasm host import. Every operation acts in the tenant-wide scope of
/// the caller's authorized tenant: token sets are kept per {tenant, provider, subject}, so one tenant's subjects can never
/// reach another's. Failures are <see cref="RpcException"/>s whose message says what to do; no token is ever in one.
/// </summary>
public sealed class OAuthBroker
{
    private readonly ConsentFlow _consent;
    private readonly OAuthProviders _providers;
    private readonly OAuthEndpointResolver _endpoints;
    private readonly OAuthTokenClient _tokens;
    private readonly OAuthStore _store;
    private readonly RefreshGate _gate = new();
    private readonly SecretRedactor _redactor;
    private readonly IOptionsMonitor<OAuthOptions> _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    internal OAuthBroker(ConsentFlow consent, OAuthProviders providers, OAuthEndpointResolver endpoints, OAuthTokenClient tokens, OAuthStore store,
        SecretRedactor redactor, IOptionsMonitor<OAuthOptions> options, TimeProvider time, ILogger<OAuthBroker> logger)
    {
        _consent = consent;
        _providers = providers;
        _endpoints = endpoints;
        _tokens = tokens;
        _store = store;
        _redactor = redactor;
        _options = options;
        _time = time;
        _logger = logger;
    }

    /// <summary>Whether <paramref name="tenant"/> has an OAuth provider configured (its components then get the broker import).</summary>
    public bool Serves(string tenant) => _options.CurrentValue.HasProviders(tenant);

    /// <summary>broker-v1 <c>get-consent-url</c>: the provider's authorize URL, with PKCE and a signed single-use state.</summary>
    public Task<string> GetConsentUrlAsync(TenantContext caller, string providerId, string subject, IReadOnlyList<string> scopes,
        string redirectPath, string extraJson, CancellationToken ct) =>
        Traced("consent", caller, providerId, () => _consent.StartAsync(caller.TenantScope, providerId, subject, scopes, redirectPath, extraJson, ct));

    /// <summary>broker-v1 <c>exchange-code</c>: the token-set JSON (<see cref="TokenSetJson"/>) after exchanging the code.</summary>
    /// <param name="state">The redirect's state (checked), or null/empty to use the subject's single pending consent.</param>
    public Task<string> ExchangeCodeAsync(TenantContext caller, string providerId, string subject, string code, string redirectPath, string? state,
        CancellationToken ct) =>
        Traced("exchange", caller, providerId, async () =>
            TokenSetJson.Of(await _consent.CompleteAsync(caller.TenantScope, providerId, subject, code, redirectPath, state, ct), providerId, subject));

    /// <summary>
    /// broker-v1 <c>get-token</c>: the stored token set, refreshed first when its access token expires within
    /// <see cref="OAuthOptions.RefreshBeforeExpiry"/>; empty when the broker holds none for the subject, or none granted
    /// every scope in <paramref name="scopes"/>, or an expired one it cannot refresh.
    /// </summary>
    public Task<string> GetTokenAsync(TenantContext caller, string providerId, string subject, IReadOnlyList<string> scopes, CancellationToken ct) =>
        Traced("token", caller, providerId, async () =>
        {
            var tenant = caller.TenantScope;
            var provider = _providers.Get(tenant, providerId);
            BrokerInput.Subject(subject);
            BrokerInput.Scopes(provider, scopes);
            var tokens = await ReadAsync(tenant, provider, subject, ct);
            if (tokens is null || !TokenSets.Covers(tokens, scopes)) return "";
            if (!NeedsRefresh(tokens)) return TokenSetJson.Of(tokens, provider.Id, subject);
            if (tokens.RefreshToken is null) return "";
            using (await _gate.EnterAsync($"{tenant.Env}/{tenant.Tenant}/{provider.Id}/{OAuthStore.SubjectKey(subject)}", ct))
            {
                // Whoever held the gate before may have refreshed already.
                tokens = await ReadAsync(tenant, provider, subject, ct);
                if (tokens is null || !TokenSets.Covers(tokens, scopes)) return "";
                if (NeedsRefresh(tokens))
                {
                    if (tokens.RefreshToken is null) return "";
                    tokens = await RefreshAsync(tenant, provider, subject, tokens, ct);
                }
                return TokenSetJson.Of(tokens, provider.Id, subject);
            }
        });

    private async Task<StoredTokenSet> RefreshAsync(TenantContext tenant, OAuthProvider provider, string subject, StoredTokenSet current,
        CancellationToken ct)
    {
        var endpoint = (await _endpoints.ResolveAsync(provider, ct)).Token;
        var secret = await _providers.ClientSecretAsync(tenant, provider, ct);
        var response = await _tokens.RefreshAsync(provider, new OAuthEndpoints("", endpoint), secret, current.RefreshToken!, ct);
        var subjectKey = OAuthStore.SubjectKey(subject);
        if (response.IsError)
        {
            if (response.Error == "invalid_grant")
            {
                // Another replica may have rotated the refresh token first: its stored set wins over ours.
                if (await ReadAsync(tenant, provider, subject, ct) is { } latest && latest.RefreshToken != current.RefreshToken && !NeedsRefresh(latest))
                {
                    OAuthLog.RefreshRaceLost(_logger, tenant.Tenant, provider.Id, subjectKey);
                    return latest;
                }
                await _store.DeleteTokensAsync(tenant, provider.Id, subject, ct);
                OAuthLog.RefreshRefused(_logger, tenant.Tenant, provider.Id, subjectKey, "invalid_grant");
            }
            throw TokenEndpointErrors.ToRpc(response, provider, endpoint, TokenEndpointErrors.Phase.Refresh, _redactor);
        }
        if (string.IsNullOrEmpty(response.AccessToken))
            throw new RpcException(new Status(StatusCode.FailedPrecondition, $"OAuth provider '{provider.Id}' answered the refresh without an access token"));
        var refreshed = TokenSets.From(response, current.Scopes, current, _time.GetUtcNow());
        await _store.WriteTokensAsync(tenant, provider.Id, subject, refreshed, ct);
        OAuthLog.TokenRefreshed(_logger, tenant.Tenant, provider.Id, subjectKey);
        return refreshed;
    }

    private async Task<StoredTokenSet?> ReadAsync(TenantContext tenant, OAuthProvider provider, string subject, CancellationToken ct)
    {
        var tokens = await _store.ReadTokensAsync(tenant, provider.Id, subject, ct);
        if (tokens is null) return null;
        // After a restart the redactor has not seen these yet.
        _redactor.Register(tokens.AccessToken);
        if (tokens.RefreshToken is { } refresh) _redactor.Register(refresh);
        if (tokens.IdToken is { } id) _redactor.Register(id);
        return tokens;
    }

    private bool NeedsRefresh(StoredTokenSet tokens) =>
        tokens.ExpiresAt is { } expiresAt && (_time.GetUtcNow() + _options.CurrentValue.RefreshBeforeExpiry).ToUnixTimeSeconds() >= expiresAt;

    /// <summary>One span per operation, tagged with tenant and provider (never subject or token).</summary>
    private static async Task<string> Traced(string operation, TenantContext caller, string providerId, Func<Task<string>> run)
    {
        using var activity = ControlPlaneTelemetry.Source.StartActivity($"oauth {operation}", ActivityKind.Internal);
        activity?.SetTag(ControlPlaneTelemetry.Tenant, caller.Tenant);
        activity?.SetTag(ControlPlaneTelemetry.Provider, providerId);
        try
        {
            return await run();
        }
        catch (RpcException e)
        {
            activity?.SetTag(ControlPlaneTelemetry.Status, (int)e.StatusCode);
            activity?.SetStatus(ActivityStatusCode.Error, e.Status.Detail);
            throw;
        }
    }
}
