using System.Diagnostics.CodeAnalysis;

namespace Greentic.ControlPlane.Tenancy;

/// <summary>
/// The tenant scope of one call: environment, tenant, and optionally team and user. It mirrors the
/// identifying part of upstream <c>greentic:interfaces-types/tenant-ctx</c>; every store key, secret name
/// and authorization decision is derived from it, so it is validated once, here, and immutable after.
/// </summary>
/// <remarks>
/// <para><see cref="Env"/>, <see cref="Tenant"/> and <see cref="Team"/> are identifiers:
/// 1–63 characters of <c>[A-Za-z0-9_-]</c>, starting with a letter or digit. They appear verbatim in
/// state keys (<c>greentic:state:{env}.{tenant}.{team}…</c>) and secret URIs, so no separator character
/// (<c>. : /</c>) can ever appear in them and one tenant's names can never spell another's.</para>
/// <para><see cref="User"/> comes from messaging platforms (emails, phone numbers, opaque ids) and is
/// looser: 1–256 characters with no control characters. Places that embed it escape it
/// (see <see cref="Greentic.ControlPlane.Stores.StateKey"/>).</para>
/// <para>A user without a team is allowed (many platforms have no teams).</para>
/// </remarks>
public sealed record TenantContext
{
    public const int MaxIdentifierLength = 63;
    public const int MaxUserLength = 256;

    public TenantContext(string env, string tenant, string? team = null, string? user = null)
    {
        ThrowIfInvalid(env, tenant, team, user);
        Env = env;
        Tenant = tenant;
        Team = team;
        User = user;
    }

    public string Env { get; }
    public string Tenant { get; }
    public string? Team { get; }
    public string? User { get; }

    /// <summary>The same env and tenant with no team or user: the tenant-wide scope.</summary>
    public TenantContext TenantScope => Team is null && User is null ? this : new TenantContext(Env, Tenant);

    /// <summary>Validates without throwing; <paramref name="error"/> names the field and the rule broken.</summary>
    public static bool TryCreate(string? env, string? tenant, string? team, string? user,
        [NotNullWhen(true)] out TenantContext? context, [NotNullWhen(false)] out string? error)
    {
        error = Validate(env, tenant, team, user);
        context = error is null ? new TenantContext(env!, tenant!, team, user) : null;
        return context is not null;
    }

    /// <summary>True when <paramref name="value"/> is a valid env, tenant or team identifier.</summary>
    public static bool IsValidIdentifier([NotNullWhen(true)] string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Length > MaxIdentifierLength || !char.IsAsciiLetterOrDigit(value[0]))
        {
            return false;
        }
        foreach (var c in value)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '_' && c != '-')
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>True when <paramref name="value"/> is an acceptable user id.</summary>
    public static bool IsValidUser([NotNullWhen(true)] string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Length > MaxUserLength || string.IsNullOrWhiteSpace(value))
        {
            return false;
        }
        foreach (var c in value)
        {
            if (char.IsControl(c))
            {
                return false;
            }
        }
        return true;
    }

    public override string ToString()
    {
        var s = $"{Env}/{Tenant}";
        if (Team is not null) s += $"/team={Team}";
        if (User is not null) s += $"/user={User}";
        return s;
    }

    private static string? Validate(string? env, string? tenant, string? team, string? user)
    {
        if (!IsValidIdentifier(env)) return Describe("env", env);
        if (!IsValidIdentifier(tenant)) return Describe("tenant", tenant);
        if (team is not null && !IsValidIdentifier(team)) return Describe("team", team);
        if (user is not null && !IsValidUser(user))
        {
            return $"user is invalid: it must be 1-{MaxUserLength} characters without control characters";
        }
        return null;
    }

    private static string Describe(string field, string? value) => string.IsNullOrEmpty(value)
        ? $"{field} is required"
        : $"{field} '{Sanitize(value)}' is invalid: use 1-{MaxIdentifierLength} characters of letters, digits, '_' or '-', starting with a letter or digit";

    private static void ThrowIfInvalid(string? env, string? tenant, string? team, string? user)
    {
        var error = Validate(env, tenant, team, user);
        if (error is not null)
        {
            throw new ArgumentException(error);
        }
    }

    /// <summary>Makes an untrusted value safe to put in a message: printable ASCII, at most 64 characters.</summary>
    internal static string Sanitize(string value)
    {
        var chars = value.Length > 64 ? value[..64].ToCharArray() : value.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (chars[i] < 0x20 || chars[i] > 0x7e) chars[i] = '?';
        }
        return new string(chars) + (value.Length > 64 ? "…" : "");
    }
}
