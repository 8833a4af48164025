using Greentic.ControlPlane.Tenancy;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using Greentic.ControlPlane.Auth;

namespace Greentic.ControlPlane.Stores;

/// <summary>
/// A state entry's name: the tenant scope, a prefix (a provider's or flow's namespace) and a key, written as
/// upstream writes fully qualified state names:
/// <c>greentic:state:{env}.{tenant}[.{team}[.{user}]]:{prefix}:{key}</c>.
/// </summary>
/// <remarks>
/// Env, tenant and team are identifiers (no <c>.</c> or <c>:</c>). A user id is escaped: every character
/// outside <c>[A-Za-z0-9_@+-]</c> becomes <c>%XX</c> of its UTF-8 bytes, so <c>a.b@x.io</c> is
/// <c>a%2Eb@x%2Eio</c>. A user without a team takes the team placeholder <c>_</c>, which no team
/// identifier can equal. The prefix may not contain <c>:</c>, so everything after the third colon of the
/// scoped name is the key. Scope names are therefore unambiguous: no tenant can spell another's keys.
/// </remarks>
public sealed record StateKey
{
    public const int MaxPrefixLength = 128;
    public const int MaxKeyLength = 1024;

    public StateKey(TenantContext scope, string prefix, string key)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (!IsValidPrefix(prefix))
            throw new ArgumentException($"state prefix '{TenantContext.Sanitize(prefix ?? "")}' is invalid: use 1-{MaxPrefixLength} letters, digits, '_', '.' or '-', starting with a letter or digit");
        if (!IsValidKey(key))
            throw new ArgumentException($"state key is invalid: use 1-{MaxKeyLength} characters without control characters");
        Scope = scope;
        Prefix = prefix;
        Key = key;
    }

    public TenantContext Scope { get; }
    public string Prefix { get; }
    public string Key { get; }

    /// <summary><c>{env}.{tenant}[.{team}[.{user}]]</c>.</summary>
    public string ScopeName => ScopeNameOf(Scope);

    /// <summary><c>greentic:state:{scope}:{prefix}:{key}</c>.</summary>
    public string ToScopedName() => $"greentic:state:{ScopeName}:{Prefix}:{Key}";

    public override string ToString() => ToScopedName();

    public static string ScopeNameOf(TenantContext scope)
    {
        var sb = new StringBuilder(scope.Env).Append('.').Append(scope.Tenant);
        if (scope.Team is not null || scope.User is not null) sb.Append('.').Append(scope.Team ?? "_");
        if (scope.User is not null) sb.Append('.').Append(EscapeUser(scope.User));
        return sb.ToString();
    }

    public static bool IsValidPrefix([NotNullWhen(true)] string? prefix) =>
        !string.IsNullOrEmpty(prefix) && prefix.Length <= MaxPrefixLength && char.IsAsciiLetterOrDigit(prefix[0])
        && prefix.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-');

    public static bool IsValidKey([NotNullWhen(true)] string? key) =>
        !string.IsNullOrEmpty(key) && key.Length <= MaxKeyLength && !key.Any(char.IsControl);

    internal static string EscapeUser(string user)
    {
        var sb = new StringBuilder(user.Length);
        Span<byte> utf8 = stackalloc byte[4];
        for (var i = 0; i < user.Length; i++)
        {
            var c = user[i];
            if (char.IsAsciiLetterOrDigit(c) || c is '_' or '@' or '+' or '-')
            {
                sb.Append(c);
                continue;
            }
            var length = char.IsHighSurrogate(c) && i + 1 < user.Length
                ? Encoding.UTF8.GetBytes(user.AsSpan(i++, 2), utf8)
                : Encoding.UTF8.GetBytes(user.AsSpan(i, 1), utf8);
            foreach (var b in utf8[..length]) sb.Append('%').Append(b.ToString("X2"));
        }
        return sb.ToString();
    }
}
