using Greentic.ControlPlane.Tenancy;
using Greentic.ControlPlane.Auth;
using Greentic.ControlPlane.Secrets;

namespace Greentic.ControlPlane.Routing;

/// <summary>How a binding reaches its provider.</summary>
public enum RouteTransport
{
    /// <summary>A Wasm provider run in this process; the target is a provider name.</summary>
    InProc,
    /// <summary>A local process serving ProviderService on a Unix socket or loopback TCP.</summary>
    Sidecar,
    /// <summary>A remote gateway serving ProviderService over (mutual) TLS.</summary>
    Remote,
}

/// <summary>The call being routed. Every field a rule can match on; absent ones match only wildcards.</summary>
public sealed record RouteQuery(TenantContext Tenant, string Op, string? Capability = null, string? ProviderType = null, string? Cloud = null);

/// <summary>Retries for a binding: attempts include the first call; delays grow exponentially from base to max.</summary>
public sealed record RetrySettings(int MaxAttempts, TimeSpan BaseDelay, TimeSpan MaxDelay);

/// <summary>
/// A circuit breaker: open when, within <see cref="SamplingDuration"/>, at least <see cref="MinThroughput"/>
/// calls were made and at least <see cref="FailureRatio"/> of them failed; stay open for <see cref="BreakDuration"/>.
/// </summary>
public sealed record BreakerSettings(double FailureRatio, int MinThroughput, TimeSpan BreakDuration, TimeSpan SamplingDuration);

/// <summary>Where and how a matched call is run.</summary>
public sealed record RouteBinding(
    RouteTransport Transport,
    string Target,
    TimeSpan Timeout,
    RetrySettings Retry,
    BreakerSettings? Breaker,
    SecretsAllowList Secrets)
{
    /// <summary>For sidecar and remote: the parsed target URI (<c>unix:///path</c>, <c>http://127.0.0.1:port</c>, <c>https://host:port</c>).</summary>
    public Uri? TargetUri => Transport == RouteTransport.InProc ? null : new Uri(Target);
}

/// <summary>
/// The resilience a binding gets where neither its rule nor the policy's <c>defaults</c> say otherwise — the one
/// place these numbers live. The parser resolves every binding against them, so a <see cref="RouteBinding"/> is
/// always complete.
/// </summary>
public static class ResilienceDefaults
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>No retries unless asked for; when asked, backoff from 200 ms up to 5 s.</summary>
    public static readonly RetrySettings Retry = new(1, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(5));

    /// <summary>A breaker's settings where it is switched on but a field is omitted (no breaker unless configured).</summary>
    public static readonly BreakerSettings Breaker = new(0.5, 10, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30));
}

/// <summary>Where a rule was written, for messages and AdminService.</summary>
public sealed record PolicySource(string File, int Line);

/// <summary>
/// The match half of a rule: each field null means "any". <see cref="Specificity"/> is the number of
/// non-null fields; the most specific matching rule wins.
/// </summary>
public sealed record RouteCriteria(
    string? Tenant = null,
    string? Team = null,
    string? User = null,
    string? Env = null,
    string? Cloud = null,
    string? Capability = null,
    string? ProviderType = null,
    string? Op = null)
{
    public int Specificity =>
        (Tenant is null ? 0 : 1) + (Team is null ? 0 : 1) + (User is null ? 0 : 1) + (Env is null ? 0 : 1) +
        (Cloud is null ? 0 : 1) + (Capability is null ? 0 : 1) + (ProviderType is null ? 0 : 1) + (Op is null ? 0 : 1);

    public bool Matches(RouteQuery q) =>
        Field(Tenant, q.Tenant.Tenant) && Field(Team, q.Tenant.Team) && Field(User, q.Tenant.User) &&
        Field(Env, q.Tenant.Env) && Field(Cloud, q.Cloud) && Field(Capability, q.Capability) &&
        Field(ProviderType, q.ProviderType) && Field(Op, q.Op);

    /// <summary>True when some call could match both: on every field, one side is a wildcard or both are equal.</summary>
    public bool Overlaps(RouteCriteria o) =>
        Meet(Tenant, o.Tenant) && Meet(Team, o.Team) && Meet(User, o.User) && Meet(Env, o.Env) &&
        Meet(Cloud, o.Cloud) && Meet(Capability, o.Capability) && Meet(ProviderType, o.ProviderType) && Meet(Op, o.Op);

    public override string ToString()
    {
        var parts = new List<string>();
        void Add(string name, string? value) { if (value is not null) parts.Add($"{name}={value}"); }
        Add("tenant", Tenant); Add("team", Team); Add("user", User); Add("env", Env); Add("cloud", Cloud);
        Add("capability", Capability); Add("provider_type", ProviderType); Add("op", Op);
        return parts.Count == 0 ? "(any call)" : string.Join(", ", parts);
    }

    private static bool Field(string? rule, string? value) => rule is null || string.Equals(rule, value, StringComparison.Ordinal);
    private static bool Meet(string? a, string? b) => a is null || b is null || string.Equals(a, b, StringComparison.Ordinal);
}

/// <summary>One rule: a name, its criteria, its binding and where it was written.</summary>
public sealed record RouteRule(string Name, RouteCriteria Match, RouteBinding Binding, PolicySource Source)
{
    public int Specificity => Match.Specificity;
}
