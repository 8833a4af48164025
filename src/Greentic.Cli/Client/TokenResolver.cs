namespace Greentic.Cli.Client;

/// <summary>
/// Finds the bearer token: <c>--token</c>, else <c>GREENTIC_TOKEN</c>, else <c>dev-token.txt</c> in <c>--data-dir</c>
/// when given, else in <c>./.greentic/</c> (where <c>greentic up</c> writes it).
/// </summary>
internal static class TokenResolver
{
    public const string TokenFileName = "dev-token.txt";
    public const string DefaultDataDir = ".greentic";

    public static string Resolve(ClientSettings settings)
    {
        if (!string.IsNullOrWhiteSpace(settings.TokenOption)) return settings.TokenOption.Trim();
        if (Environment.GetEnvironmentVariable("GREENTIC_TOKEN") is { } env && !string.IsNullOrWhiteSpace(env)) return env.Trim();
        var file = Path.Combine(settings.DataDir ?? DefaultDataDir, TokenFileName);
        if (File.Exists(file))
        {
            var token = File.ReadAllText(file).Trim();
            if (token.Length > 0) return token;
            throw new UsageException($"token file '{Path.GetFullPath(file)}' is empty; restart 'greentic up' or pass --token");
        }
        throw new UsageException(
            $"no token: pass --token, set GREENTIC_TOKEN, or run 'greentic up' (it writes {Path.Combine(DefaultDataDir, TokenFileName)}); " +
            $"looked for '{Path.GetFullPath(file)}'");
    }
}
