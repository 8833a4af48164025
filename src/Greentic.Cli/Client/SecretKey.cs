using Greentic.ControlPlane.Secrets;

namespace Greentic.Cli.Client;

/// <summary>
/// Secret keys on the command line: <c>category/name</c> (<c>dummy/api_token</c>), or a bare upstream-style <c>NAME</c>
/// (<c>TELEGRAM_WEBHOOK_SECRET_TOKEN</c>), which the control plane keeps in its default category — the help says so and
/// <c>secrets set</c> says so when it stores one, so a forgotten category is never silent. Anything else is refused
/// before a call is made.
/// </summary>
internal static class SecretKey
{
    public const string Help = "Secret key: category/name (e.g. dummy/api_token), or a bare NAME kept in the control plane's default category";

    public static string Check(string key)
    {
        var slash = key.IndexOf('/');
        var valid = slash < 0
            ? SecretName.IsValidSegment(key)
            : SecretName.IsValidSegment(key[..slash]) && SecretName.IsValidSegment(key[(slash + 1)..]);
        if (!valid)
            throw new UsageException(
                $"secret key '{key}' is neither category/name (e.g. dummy/api_token) nor a bare NAME: each part 1-128 letters, digits, '_', '.' or '-', starting with a letter or digit");
        return key;
    }

    /// <summary>How a stored key is described: a bare name says where it went.</summary>
    public static string Describe(string key) => key.Contains('/') ? $"'{key}'" : $"'{key}' (no category given: kept in the control plane's default category)";
}
