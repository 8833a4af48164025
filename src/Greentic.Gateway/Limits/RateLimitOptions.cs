namespace Greentic.Gateway.Limits;

/// <summary>
/// <c>Greentic:Gateway:RateLimits</c>: a token bucket per tenant (see <see cref="Tenancy.RequestTenantResolver"/>
/// for how the tenant is found), with per-tenant overrides. Anonymous callers share buckets per client address.
/// </summary>
public sealed class RateLimitOptions
{
    public bool Enabled { get; set; } = true;

    /// <summary>The bucket every tenant gets unless <see cref="Tenants"/> names it.</summary>
    public TenantRateLimit Default { get; set; } = new();

    /// <summary>Overrides by tenant name.</summary>
    public Dictionary<string, TenantRateLimit> Tenants { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The bucket for requests that name no tenant, per client IP address.</summary>
    public TenantRateLimit Anonymous { get; set; } = new() { TokenLimit = 50, TokensPerPeriod = 50 };

    public TenantRateLimit For(string tenant) => Tenants.TryGetValue(tenant, out var limit) ? limit : Default;
}

/// <summary>One token bucket: bursts up to <see cref="TokenLimit"/>, refilled by <see cref="TokensPerPeriod"/> every <see cref="ReplenishmentPeriod"/>.</summary>
public sealed class TenantRateLimit
{
    public int TokenLimit { get; set; } = 200;
    public int TokensPerPeriod { get; set; } = 100;
    public TimeSpan ReplenishmentPeriod { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The settings as text (part of a bucket's key); formatted once per distinct settings, not per request.</summary>
    internal string Fingerprint
    {
        get
        {
            var last = _fingerprint;
            if (last is not null && last.TokenLimit == TokenLimit && last.TokensPerPeriod == TokensPerPeriod && last.Ticks == ReplenishmentPeriod.Ticks)
                return last.Text;
            last = new FormattedFingerprint(TokenLimit, TokensPerPeriod, ReplenishmentPeriod.Ticks,
                $"{TokenLimit}/{TokensPerPeriod}/{ReplenishmentPeriod.Ticks}");
            _fingerprint = last;
            return last.Text;
        }
    }

    private FormattedFingerprint? _fingerprint;

    private sealed record FormattedFingerprint(int TokenLimit, int TokensPerPeriod, long Ticks, string Text);
}
