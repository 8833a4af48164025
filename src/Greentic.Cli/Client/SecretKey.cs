using Greentic.ControlPlane.Secrets;

namespace Greentic.Cli.Client;

/// <summary>
/// Secret keys on the command line: <c>category/name</c>, or a bare <c>NAME</c> — upstream's secret requirement keys such as
/// <c>TELEGRAM_BOT_TOKEN</c> are bare — which the service keeps in its default category. Anything else (an empty part,
/// two slashes, characters a secret name cannot hold) is a usage error.
/// </summary>
internal static class SecretKey
{
    public static string Check(string key)
    {
        var slash = key.IndexOf('/');
        var valid = slash < 0
            ? SecretName.IsValidSegment(key)
            : SecretName.IsValidSegment(key[..slash]) && SecretName.IsValidSegment(key[(slash + 1)..]);
        if (!valid)
            throw new UsageException(
                $"secret key '{key}' is not category/name (e.g. dummy/api_token) or a bare NAME (e.g. TELEGRAM_BOT_TOKEN): " +
                "each part 1-128 letters, digits, '_', '.' or '-', starting with a letter or digit");
        return key;
    }
}
