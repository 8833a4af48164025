namespace Greentic.ControlPlane.Egress;

/// <summary>Decides whether a URL is inside a tenant's allow-list; the reason names what did not match.</summary>
public static class EgressPolicy
{
    public readonly record struct Decision(bool Allowed, string Reason);

    public static Decision Check(TenantNetworkPolicy policy, Uri url)
    {
        if (!url.IsAbsoluteUri || url.Scheme is not ("http" or "https"))
            return new(false, $"only absolute http and https URLs can be sent (got '{url.Scheme}')");
        if (!string.IsNullOrEmpty(url.UserInfo))
            return new(false, "URLs with user info are refused; send credentials in a header");
        var miss = Miss(policy, url);
        return miss is null || !policy.DenyOnMiss ? new(true, miss ?? "") : new(false, miss);
    }

    private static string? Miss(TenantNetworkPolicy policy, Uri url)
    {
        var host = url.IdnHost.TrimEnd('.').ToLowerInvariant();
        if (!policy.Domains.Any(d => DomainMatches(d, host)))
            return $"host '{host}' is not in the allow-list";
        if (policy.Ports.Count > 0 && !policy.Ports.Contains(url.Port))
            return $"port {url.Port} is not in the allow-list";
        if (policy.Protocols.Count > 0 && !policy.Protocols.Contains(url.Scheme, StringComparer.OrdinalIgnoreCase))
            return $"protocol '{url.Scheme}' is not in the allow-list";
        return null;
    }

    internal static bool DomainMatches(string pattern, string host)
    {
        pattern = pattern.TrimEnd('.').ToLowerInvariant();
        if (pattern.StartsWith("*.", StringComparison.Ordinal))
            return host.Length > pattern.Length - 1 && host.EndsWith(pattern[1..], StringComparison.Ordinal);
        return host == pattern;
    }
}
