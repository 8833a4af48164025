using System.Collections.Frozen;

namespace Greentic.ControlPlane.Routing;

/// <summary>
/// An immutable, validated set of routing rules. Lookups take the most specific matching rule; the loader
/// guarantees there is at most one at that specificity (equally specific overlapping rules are a load error),
/// so the answer never depends on file or rule order.
/// </summary>
public sealed class RoutingPolicy
{
    public static readonly RoutingPolicy Empty = new([], [], "empty", DateTimeOffset.MinValue);

    private readonly FrozenDictionary<string, RouteRule[]> _byTenant;
    private readonly RouteRule[] _anyTenant;

    public RoutingPolicy(IReadOnlyList<RouteRule> rules, IReadOnlyList<string> files, string version, DateTimeOffset loadedAt)
    {
        // Most specific first; name breaks ties only to make the order stable for display.
        var ordered = rules.OrderByDescending(r => r.Specificity).ThenBy(r => r.Name, StringComparer.Ordinal).ToArray();
        Rules = ordered;
        Files = files;
        Version = version;
        LoadedAt = loadedAt;
        _anyTenant = ordered.Where(r => r.Match.Tenant is null).ToArray();
        _byTenant = ordered.Where(r => r.Match.Tenant is not null).GroupBy(r => r.Match.Tenant!, StringComparer.Ordinal)
            .ToFrozenDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
    }

    /// <summary>All rules, most specific first.</summary>
    public IReadOnlyList<RouteRule> Rules { get; }

    /// <summary>The files the policy was loaded from.</summary>
    public IReadOnlyList<string> Files { get; }

    /// <summary>A content hash of the files (<c>sha256:…</c>), or <c>empty</c>.</summary>
    public string Version { get; }

    public DateTimeOffset LoadedAt { get; }

    /// <summary>The rule for <paramref name="query"/>, or null when no rule matches (the caller answers NOT_FOUND/UNAVAILABLE).</summary>
    public RouteRule? Resolve(RouteQuery query)
    {
        var tenantRules = _byTenant.GetValueOrDefault(query.Tenant.Tenant) ?? [];
        // Merge the two specificity-ordered lists; the first match is the most specific one.
        int i = 0, j = 0;
        while (i < tenantRules.Length || j < _anyTenant.Length)
        {
            RouteRule next;
            if (j >= _anyTenant.Length || (i < tenantRules.Length && tenantRules[i].Specificity >= _anyTenant[j].Specificity))
                next = tenantRules[i++];
            else
                next = _anyTenant[j++];
            if (next.Match.Matches(query)) return next;
        }
        return null;
    }
}
