using System.Text.Json;
using Greentic.ControlPlane.Tenancy;
using Grpc.Core;

namespace Greentic.ControlPlane.OAuth;

/// <summary>The checks every broker operation applies to what a caller sends; failures are INVALID_ARGUMENT naming the field.</summary>
internal static class BrokerInput
{
    public const int MaxSubjectLength = 256;
    public const int MaxCodeLength = 4096;
    public const int MaxExtraJsonLength = 8192;

    public static void Subject(string subject)
    {
        if (string.IsNullOrEmpty(subject) || subject.Length > MaxSubjectLength || string.IsNullOrWhiteSpace(subject) || subject.Any(char.IsControl))
            throw Invalid($"subject is required: 1-{MaxSubjectLength} characters without control characters (the user or account the tokens belong to)");
    }

    public static void Code(string code)
    {
        if (string.IsNullOrEmpty(code) || code.Length > MaxCodeLength || code.Any(char.IsControl))
            throw Invalid("code is required: the authorization code from the provider's redirect to your redirect path");
    }

    /// <summary>The provider's default scopes, then the caller's, without duplicates.</summary>
    public static IReadOnlyList<string> Scopes(OAuthProvider provider, IEnumerable<string> requested)
    {
        var scopes = new List<string>(provider.Options.Scopes);
        foreach (var scope in requested)
        {
            if (!OAuthUris.IsScopeToken(scope))
                throw Invalid($"scope '{TenantContext.Sanitize(scope)}' is invalid: a scope is printable ASCII without spaces, quotes or backslashes");
            if (!scopes.Contains(scope, StringComparer.Ordinal)) scopes.Add(scope);
        }
        return scopes;
    }

    public static string RedirectUri(OAuthProvider provider, string redirectPath) =>
        OAuthUris.RedirectUri(provider.Options.RedirectBase, redirectPath, out var error) ?? throw Invalid(error!);

    /// <summary>The provider's AuthorizeParameters, overlaid with extra_json: empty, or a JSON object of string values.</summary>
    public static IReadOnlyDictionary<string, string> ExtraParameters(OAuthProvider provider, string extraJson)
    {
        var parameters = new Dictionary<string, string>(provider.Options.AuthorizeParameters, StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(extraJson)) return parameters;
        if (extraJson.Length > MaxExtraJsonLength) throw Invalid($"extra_json is longer than {MaxExtraJsonLength} characters");
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(extraJson);
        }
        catch (JsonException)
        {
            throw Invalid("extra_json is not JSON: pass a JSON object of string parameters, e.g. {\"login_hint\":\"alice@example.com\"}");
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                throw Invalid("extra_json must be a JSON object of string parameters, e.g. {\"login_hint\":\"alice@example.com\"}");
            foreach (var p in document.RootElement.EnumerateObject())
            {
                if (p.Value.ValueKind != JsonValueKind.String)
                    throw Invalid($"extra_json parameter '{TenantContext.Sanitize(p.Name)}' must be a string");
                if (OAuthUris.ReservedAuthorizeParameters.Contains(p.Name))
                    throw Invalid($"extra_json cannot set '{p.Name}': the broker sets it");
                parameters[p.Name] = p.Value.GetString()!;
            }
        }
        return parameters;
    }

    private static RpcException Invalid(string message) => new(new Status(StatusCode.InvalidArgument, message));
}
