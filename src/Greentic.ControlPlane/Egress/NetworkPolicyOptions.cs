namespace Greentic.ControlPlane.Egress;

/// <summary>
/// Egress policies per tenant, mirroring WIT <c>network-policy { egress: allow-list, deny-on-miss }</c>.
/// Bound from <c>Greentic:Network</c>, e.g.
/// <code>
/// "Greentic": { "Network": { "Tenants": { "acme": {
///     "Domains": [ "api.telegram.org", "*.slack.com" ], "Ports": [ 443 ], "Protocols": [ "https" ], "DenyOnMiss": true } } } }
/// </code>
/// A tenant with no policy gets <see cref="Default"/>, which denies everything: egress is locked by default.
/// </summary>
public sealed class NetworkPolicyOptions
{
    public const string SectionName = "Greentic:Network";

    public Dictionary<string, TenantNetworkPolicy> Tenants { get; set; } = new(StringComparer.Ordinal);

    public TenantNetworkPolicy Default { get; set; } = new();

    /// <summary>Largest response body the control plane relays, in bytes.</summary>
    public int MaxResponseBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>Timeout when the request names none.</summary>
    public TimeSpan DefaultTimeout { get; set; } = TimeSpan.FromSeconds(30);

    public TenantNetworkPolicy For(string tenant) => Tenants.TryGetValue(tenant, out var policy) ? policy : Default;
}

/// <summary>One tenant's allow-list. Empty <see cref="Ports"/> or <see cref="Protocols"/> means any.</summary>
public sealed class TenantNetworkPolicy
{
    /// <summary>Exact host names, or <c>*.example.com</c> for any subdomain (not the apex itself).</summary>
    public List<string> Domains { get; set; } = [];
    public List<int> Ports { get; set; } = [];

    /// <summary><c>http</c> or <c>https</c> (the only ones the http-client interface can speak).</summary>
    public List<string> Protocols { get; set; } = [];

    /// <summary>When false, a destination outside the allow-list is still allowed (audit-only policy).</summary>
    public bool DenyOnMiss { get; set; } = true;

    /// <summary>Whether requests may set allow_insecure (skip TLS certificate checks). Off unless a tenant needs it.</summary>
    public bool AllowInsecureTls { get; set; }
}
