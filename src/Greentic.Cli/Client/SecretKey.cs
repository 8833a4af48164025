using Greentic.ControlPlane.Secrets;

namespace Greentic.Cli.Client;

/// <summary>
/// Secret keys on the command line are <c>category/name</c>, as the help says. (The service also takes a bare name, in
/// its configured default category; from the command line that is almost always a slip, and a silent one.)
/// </summary>
internal static class SecretKey
{
    public static string Check(string key)
    {
        var slash = key.IndexOf('/');
        if (slash < 0 || !SecretName.IsValidSegment(key[..slash]) || !SecretName.IsValidSegment(key[(slash + 1)..]))
            throw new UsageException(
                $"secret key '{key}' is not category/name (e.g. dummy/api_token): each part 1-128 letters, digits, '_', '.' or '-', starting with a letter or digit");
        return key;
    }
}
