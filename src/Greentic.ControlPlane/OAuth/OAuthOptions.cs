namespace Greentic.ControlPlane.OAuth;

/// <summary>
/// The OAuth broker, bound from <c>Greentic:OAuth</c>; <c>GREENTIC_OAUTH_KEY</c> wins over <see cref="Key"/> when set.
/// Providers are configured per tenant: <c>Greentic:OAuth:Tenants:{tenant}:Providers:{provider-id}</c>. Every default
/// lives here.
/// </summary>
public sealed class OAuthOptions
{
    public const string SectionName = "Greentic:OAuth";
    public const string KeyVariable = "GREENTIC_OAUTH_KEY";

    /// <summary>
    /// Base64 of 32 random bytes from which the token-set encryption key and the consent-state signing key are derived
    /// (HKDF). Unset: derived from GREENTIC_SECRETS_KEY. Replicas that share state must share it. Never logged.
    /// </summary>
    public string? Key { get; set; }

    /// <summary>How long a consent URL (its <c>state</c> and PKCE verifier) stays usable.</summary>
    public TimeSpan ConsentLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>GetToken refreshes an access token that expires within this margin.</summary>
    public TimeSpan RefreshBeforeExpiry { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The timeout of one request to a provider's discovery, token or revocation endpoint.</summary>
    public TimeSpan HttpTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a provider's OpenID discovery document is cached.</summary>
    public TimeSpan DiscoveryCacheDuration { get; set; } = TimeSpan.FromHours(1);

    public Dictionary<string, OAuthTenantOptions> Tenants { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The provider <paramref name="providerId"/> of <paramref name="tenant"/>, or null.</summary>
    public OAuthProviderOptions? Provider(string tenant, string providerId) =>
        Tenants.TryGetValue(tenant, out var t) && t.Providers.TryGetValue(providerId, out var p) ? p : null;

    /// <summary>Whether <paramref name="tenant"/> has any OAuth provider (what links the broker import into its components).</summary>
    public bool HasProviders(string tenant) => Tenants.TryGetValue(tenant, out var t) && t.Providers.Count > 0;

    public override string ToString() => $"OAuthOptions(Key={(Key is null ? "unset" : "set")}, Tenants={Tenants.Count})";
}

public sealed class OAuthTenantOptions
{
    public Dictionary<string, OAuthProviderOptions> Providers { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>One OAuth 2.0 / OpenID provider a tenant uses, as a confidential client with PKCE.</summary>
public sealed class OAuthProviderOptions
{
    /// <summary>The issuer whose <c>/.well-known/openid-configuration</c> names the endpoints (https, or http on loopback).</summary>
    public string? Authority { get; set; }

    /// <summary>Explicit endpoints for providers without discovery (both needed when <see cref="Authority"/> is unset).</summary>
    public string? AuthorizationEndpoint { get; set; }
    public string? TokenEndpoint { get; set; }

    public string ClientId { get; set; } = "";

    /// <summary>
    /// The name of the client secret in the tenant's secrets (<c>category/name</c>, e.g. <c>oauth/github_client_secret</c>);
    /// unset for a public client.
    /// </summary>
    public string? ClientSecretName { get; set; }

    /// <summary>Send the client credentials in the request body instead of HTTP Basic authentication.</summary>
    public bool ClientSecretInBody { get; set; }

    /// <summary>Scopes every consent asks for; a caller's scopes are added to them.</summary>
    public List<string> Scopes { get; set; } = [];

    /// <summary>The base URL the redirect path is appended to (<c>https://app.example.com</c>); the redirect URI must be registered at the provider.</summary>
    public string RedirectBase { get; set; } = "";

    /// <summary>Extra authorize-request parameters every consent URL carries (e.g. <c>prompt=consent</c>, <c>access_type=offline</c>).</summary>
    public Dictionary<string, string> AuthorizeParameters { get; set; } = new(StringComparer.Ordinal);
}
