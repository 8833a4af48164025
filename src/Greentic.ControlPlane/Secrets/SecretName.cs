using Greentic.ControlPlane.Tenancy;
using System.Diagnostics.CodeAnalysis;
using Greentic.ControlPlane.Auth;

namespace Greentic.ControlPlane.Secrets;

/// <summary>
/// A fully scoped secret name, written as upstream writes it:
/// <c>secrets://{env}/{tenant}/{team|_}/{category}/{name}</c> (<c>_</c> = tenant-wide, no team).
/// Env, tenant and team follow <see cref="TenantContext"/>'s identifier rule; category and name are
/// 1–128 characters of <c>[A-Za-z0-9_.-]</c> starting with a letter or digit. No segment can contain
/// <c>/</c>, so a name can never reach into another tenant's scope.
/// </summary>
public sealed record SecretName
{
    public const string Scheme = "secrets://";
    public const int MaxSegmentLength = 128;

    public SecretName(string env, string tenant, string? team, string category, string name)
    {
        if (!TenantContext.TryCreate(env, tenant, team, null, out _, out var error))
            throw new ArgumentException($"invalid secret scope: {error}");
        if (!IsValidSegment(category))
            throw new ArgumentException($"secret category '{TenantContext.Sanitize(category)}' is invalid: {SegmentRule}");
        if (!IsValidSegment(name))
            throw new ArgumentException($"secret name '{TenantContext.Sanitize(name)}' is invalid: {SegmentRule}");
        Env = env;
        Tenant = tenant;
        Team = team;
        Category = category;
        Name = name;
    }

    public string Env { get; }
    public string Tenant { get; }
    public string? Team { get; }
    public string Category { get; }
    public string Name { get; }

    internal const string SegmentRule = "use 1-128 letters, digits, '_', '.' or '-', starting with a letter or digit";

    /// <summary>The secret <paramref name="category"/>/<paramref name="name"/> in the scope of <paramref name="context"/> (its team, if any; never its user).</summary>
    public static SecretName For(TenantContext context, string category, string name) =>
        new(context.Env, context.Tenant, context.Team, category, name);

    /// <summary>The same secret at tenant level (team <c>_</c>).</summary>
    public SecretName TenantWide => Team is null ? this : new SecretName(Env, Tenant, null, Category, Name);

    public string ToUri() => $"{Scheme}{Env}/{Tenant}/{Team ?? "_"}/{Category}/{Name}";

    public override string ToString() => ToUri();

    public static bool IsValidSegment([NotNullWhen(true)] string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Length > MaxSegmentLength || !char.IsAsciiLetterOrDigit(value[0])) return false;
        foreach (var c in value)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('_' or '.' or '-')) return false;
        }
        return true;
    }

    public static bool TryParse(string? uri, [NotNullWhen(true)] out SecretName? name, [NotNullWhen(false)] out string? error)
    {
        name = null;
        if (uri is null || !uri.StartsWith(Scheme, StringComparison.Ordinal))
        {
            error = $"a secret URI starts with '{Scheme}'";
            return false;
        }
        var parts = uri[Scheme.Length..].Split('/');
        if (parts.Length != 5)
        {
            error = $"a secret URI is {Scheme}{{env}}/{{tenant}}/{{team|_}}/{{category}}/{{name}}";
            return false;
        }
        var team = parts[2] == "_" ? null : parts[2];
        if (!TenantContext.TryCreate(parts[0], parts[1], team, null, out _, out error))
        {
            return false;
        }
        if (!IsValidSegment(parts[3]) || !IsValidSegment(parts[4]))
        {
            error = $"secret category and name must each {SegmentRule}";
            return false;
        }
        name = new SecretName(parts[0], parts[1], team, parts[3], parts[4]);
        error = null;
        return true;
    }

    public static SecretName Parse(string uri) =>
        TryParse(uri, out var name, out var error) ? name : throw new FormatException(error);
}
