using System.Collections.Frozen;

namespace Greentic.ControlPlane.Auth;

/// <summary>How a <see cref="Principal"/> proved who it is.</summary>
public enum AuthenticationMethod
{
    /// <summary>A verified JWT bearer token.</summary>
    Jwt,
    /// <summary>A client certificate that chained to a pinned CA or matched a pinned thumbprint.</summary>
    ClientCertificate,
    /// <summary>The ADMIN_TOKEN bearer.</summary>
    AdminToken,
    /// <summary>A loopback caller accepted because ADMIN_TOKEN is unset.</summary>
    Loopback,
}

/// <summary>
/// A verified caller: who it is and what it was granted. Built only by the authenticators in this folder
/// from verified credentials; compared with a <see cref="TenantContext"/> by <see cref="TenantAuthorizer"/>.
/// </summary>
/// <remarks>
/// Team grants come in two spellings: a bare <c>team</c> applies to every granted tenant, and
/// <c>tenant/team</c> applies to that tenant only. A principal with no team grant for a tenant may act
/// for any team of it; one with at least one is restricted to those teams.
/// </remarks>
public sealed class Principal
{
    public Principal(
        string subject,
        AuthenticationMethod method,
        IEnumerable<string>? tenants = null,
        IEnumerable<string>? teams = null,
        IEnumerable<string>? roles = null,
        string? defaultTenant = null,
        string? issuer = null,
        DateTimeOffset? expiresAt = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(subject);
        Subject = subject;
        Method = method;
        Tenants = (tenants ?? []).ToFrozenSet(StringComparer.Ordinal);
        Teams = (teams ?? []).ToFrozenSet(StringComparer.Ordinal);
        Roles = (roles ?? []).ToFrozenSet(StringComparer.Ordinal);
        DefaultTenant = defaultTenant;
        Issuer = issuer;
        ExpiresAt = expiresAt;
    }

    /// <summary>The <c>sub</c> claim, certificate identity (SAN URI, CN or thumbprint), or <c>admin</c>.</summary>
    public string Subject { get; }
    public AuthenticationMethod Method { get; }
    public FrozenSet<string> Tenants { get; }
    public FrozenSet<string> Teams { get; }
    public FrozenSet<string> Roles { get; }
    /// <summary>The single-valued tenant claim, when the token had one; used by the jwt tenant resolver.</summary>
    public string? DefaultTenant { get; }
    public string? Issuer { get; }
    public DateTimeOffset? ExpiresAt { get; }

    public bool IsInRole(string role) => Roles.Contains(role);

    /// <summary>The teams this principal is restricted to within <paramref name="tenant"/>; empty means any team.</summary>
    public IReadOnlyList<string> TeamsFor(string tenant)
    {
        List<string>? result = null;
        foreach (var entry in Teams)
        {
            var slash = entry.IndexOf('/');
            if (slash < 0)
            {
                (result ??= []).Add(entry);
            }
            else if (entry.AsSpan(0, slash).SequenceEqual(tenant))
            {
                (result ??= []).Add(entry[(slash + 1)..]);
            }
        }
        if (result is null) return [];
        result.Sort(StringComparer.Ordinal);
        return result;
    }

    public override string ToString() => $"{Method}:{Subject}";
}

/// <summary>Role names the control plane checks.</summary>
public static class GreenticRoles
{
    /// <summary>May call admin operations (pack reload, policy status, secrets put) for its granted tenants.</summary>
    public const string Admin = "admin";
    /// <summary>A provider sidecar calling back into the host (secrets, state) for its own tenant.</summary>
    public const string Sidecar = "sidecar";
    /// <summary>
    /// The ingress gateway's service identity, for its granted tenants only: ProviderService Describe and Invoke of
    /// <c>ingest_http</c>, EventsService Publish, and SecretsService Get of the webhook secret names — nothing else,
    /// whatever other roles the token carries (<see cref="GatewayRoleInterceptor"/>).
    /// </summary>
    public const string Gateway = "gateway";
}
