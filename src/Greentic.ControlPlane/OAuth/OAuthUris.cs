using System.Collections.Frozen;
using System.Net;
using Greentic.ControlPlane.Secrets;

namespace Greentic.ControlPlane.OAuth;

/// <summary>The rules for what the broker sends to providers: endpoint URIs, redirect URIs, scopes and authorize parameters.</summary>
internal static class OAuthUris
{
    /// <summary>Parameters of the authorize request that only the broker sets.</summary>
    public static readonly FrozenSet<string> ReservedAuthorizeParameters = new[]
    {
        "client_id", "response_type", "redirect_uri", "scope", "state", "code_challenge", "code_challenge_method", "request", "request_uri",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Null when <paramref name="value"/> is an absolute https URI, or http on a loopback host; else why not.</summary>
    public static string? CheckEndpoint(string value)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri)) return $"'{value}' is not an absolute URI";
        if (uri.Scheme == Uri.UriSchemeHttps) return null;
        if (uri.Scheme == Uri.UriSchemeHttp && IsLoopback(uri)) return null;
        return $"'{value}' must use https (http only on a loopback host)";
    }

    /// <summary>Null when <paramref name="value"/> is an absolute http(s) URI without query or fragment; else why not.</summary>
    public static string? CheckRedirectBase(string value)
    {
        if (string.IsNullOrWhiteSpace(value)) return "is required: the base URL the redirect path is appended to (e.g. https://app.example.com)";
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
            return $"'{value}' is not an absolute http(s) URL";
        if (uri.Query.Length > 0 || uri.Fragment.Length > 0) return $"'{value}' must not have a query or fragment";
        return null;
    }

    /// <summary>The redirect URI for <paramref name="redirectPath"/>: the base, without a trailing slash, and the path.</summary>
    public static string? RedirectUri(string redirectBase, string redirectPath, out string? error)
    {
        error = CheckRedirectPath(redirectPath);
        return error is null ? redirectBase.TrimEnd('/') + redirectPath : null;
    }

    private static string? CheckRedirectPath(string path)
    {
        if (string.IsNullOrEmpty(path) || path[0] != '/' || path.StartsWith("//", StringComparison.Ordinal))
            return "redirect_path must be a path starting with a single '/' (e.g. /oauth/callback/github); the host supplies the base URL";
        if (path.Length > 1024) return "redirect_path is longer than 1024 characters";
        foreach (var c in path)
            if (c <= 0x20 || c >= 0x7f || c is '?' or '#' or '\\')
                return "redirect_path may hold only printable ASCII without spaces, '?', '#' or '\\'";
        if (path.Split('/').Any(s => s is ".." or ".")) return "redirect_path must not contain '.' or '..' segments";
        return null;
    }

    /// <summary>RFC 6749 scope-token: printable ASCII except space, '"' and '\'.</summary>
    public static bool IsScopeToken(string scope) =>
        scope.Length is > 0 and <= 256 && scope.All(c => c > 0x20 && c < 0x7f && c is not '"' and not '\\');

    public static bool IsSecretKey(string key)
    {
        var slash = key.IndexOf('/');
        return slash < 0 ? SecretName.IsValidSegment(key)
            : SecretName.IsValidSegment(key[..slash]) && SecretName.IsValidSegment(key[(slash + 1)..]);
    }

    private static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
}
