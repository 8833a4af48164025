using System.Diagnostics.CodeAnalysis;

namespace Greentic.Gateway.Tenancy;

/// <summary>
/// The identifier rule the control plane applies to env, tenant and team: 1–63 characters of letters,
/// digits, '_' or '-', starting with a letter or digit. A path segment that breaks it is refused before
/// it can reach a store key, a log line or a secret name.
/// </summary>
internal static class TenantName
{
    public const int MaxLength = 63;

    public static bool IsValid([NotNullWhen(true)] string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Length > MaxLength || !char.IsAsciiLetterOrDigit(value[0])) return false;
        foreach (var c in value)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '_' && c != '-') return false;
        }
        return true;
    }

    /// <summary>Makes an untrusted value safe to echo in a message: printable ASCII, at most 64 characters.</summary>
    public static string Sanitize(string? value)
    {
        if (value is null) return "";
        var chars = value.Take(64).Select(c => c is >= ' ' and <= '~' ? c : '?').ToArray();
        return new string(chars) + (value.Length > 64 ? "…" : "");
    }
}
