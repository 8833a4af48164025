using Greentic.ControlPlane.Tenancy;
using System.Text.Json;

namespace Greentic.ControlPlane.Auth;

/// <summary>Maps a verified JWT payload onto a <see cref="Principal"/> using <see cref="ClaimMappingOptions"/>.</summary>
internal static class ClaimMapper
{
    /// <returns>The principal, or null with <paramref name="error"/> when the subject claim is missing.</returns>
    public static Principal? Map(JsonElement payload, ClaimMappingOptions names, string? issuer, DateTimeOffset? expiresAt, out string? error)
    {
        error = null;
        var subject = Find(payload, names.Subject) is { ValueKind: JsonValueKind.String } s ? s.GetString() : null;
        if (string.IsNullOrEmpty(subject))
        {
            error = $"the token has no '{names.Subject}' (subject) claim";
            return null;
        }
        var tenants = new List<string>();
        tenants.AddRange(Strings(Find(payload, names.Tenants), splitSpaces: false));
        var tenant = Find(payload, names.Tenant) is { ValueKind: JsonValueKind.String } t ? t.GetString() : null;
        if (tenant is not null) tenants.Add(tenant);
        var teams = Strings(Find(payload, names.Teams), splitSpaces: false).ToList();
        if (Find(payload, names.Team) is { ValueKind: JsonValueKind.String } team) teams.Add(team.GetString()!);
        var roles = Strings(Find(payload, names.Roles), splitSpaces: true);

        // Grants that could never equal a valid TenantContext are dropped rather than kept as dead weight.
        return new Principal(
            subject,
            AuthenticationMethod.Jwt,
            tenants.Where(TenantContext.IsValidIdentifier),
            teams.Where(IsValidTeamGrant),
            roles.Where(r => r.Length is > 0 and <= 128),
            defaultTenant: TenantContext.IsValidIdentifier(tenant) ? tenant : null,
            issuer: issuer,
            expiresAt: expiresAt);
    }

    internal static bool IsValidTeamGrant(string grant)
    {
        var slash = grant.IndexOf('/');
        return slash < 0
            ? TenantContext.IsValidIdentifier(grant)
            : TenantContext.IsValidIdentifier(grant[..slash]) && TenantContext.IsValidIdentifier(grant[(slash + 1)..]);
    }

    private static JsonElement? Find(JsonElement payload, string name)
    {
        if (string.IsNullOrEmpty(name)) return null;
        if (payload.TryGetProperty(name, out var direct)) return direct;
        if (!name.Contains('.')) return null;
        var current = payload;
        foreach (var part in name.Split('.'))
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(part, out current)) return null;
        }
        return current;
    }

    private static IEnumerable<string> Strings(JsonElement? element, bool splitSpaces)
    {
        if (element is not { } e) yield break;
        if (e.ValueKind == JsonValueKind.String)
        {
            var s = e.GetString()!;
            if (splitSpaces)
            {
                foreach (var part in s.Split(' ', StringSplitOptions.RemoveEmptyEntries)) yield return part;
            }
            else if (s.Length > 0)
            {
                yield return s;
            }
        }
        else if (e.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in e.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.String && item.GetString() is { Length: > 0 } v) yield return v;
            }
        }
    }
}
