using Microsoft.Extensions.Options;

namespace Greentic.ControlPlane.Secrets;

public enum SecretsBackend
{
    /// <summary>Read-only, from environment variables (see <see cref="EnvSecretsStore"/>).</summary>
    Env,
    /// <summary>An AES-256-GCM encrypted file (see <see cref="EncryptedFileSecretsStore"/>).</summary>
    File,
}

/// <summary>
/// Bound from <c>Greentic:Secrets</c>; <c>SECRETS_BACKEND</c> (env | file) and <c>GREENTIC_SECRETS_KEY</c>
/// win when set.
/// </summary>
public sealed class SecretsOptions
{
    public const string SectionName = "Greentic:Secrets";
    public const string KeyVariable = "GREENTIC_SECRETS_KEY";

    public SecretsBackend Backend { get; set; } = SecretsBackend.Env;

    /// <summary>The env backend's variable prefix (see <see cref="EnvSecretNames"/>).</summary>
    public string EnvPrefix { get; set; } = EnvSecretNames.DefaultPrefix;

    /// <summary>The file backend's encrypted file.</summary>
    public string FilePath { get; set; } = Path.Combine(".greentic", "secrets.enc");

    /// <summary>
    /// The file backend's key: base64 of 32 random bytes (<c>openssl rand -base64 32</c>), normally from
    /// GREENTIC_SECRETS_KEY. Never logged.
    /// </summary>
    public string? Key { get; set; }

    /// <summary>The category a bare key (<c>token</c>, not <c>messaging/token</c>) is looked up in.</summary>
    public string DefaultCategory { get; set; } = "default";

    public int MaxValueBytes { get; set; } = 64 * 1024;

    /// <summary>Values shorter than this are not redacted from logs (redacting "1" everywhere helps no one).</summary>
    public int RedactMinLength { get; set; } = 4;

    internal string? BackendParseError { get; set; }

    public override string ToString() => $"SecretsOptions(Backend={Backend}, FilePath={FilePath}, Key={(Key is null ? "unset" : "set")})";
}

internal sealed class SecretsOptionsValidator : IValidateOptions<SecretsOptions>
{
    public ValidateOptionsResult Validate(string? name, SecretsOptions o)
    {
        var errors = new List<string>();
        if (o.BackendParseError is not null) errors.Add(o.BackendParseError);
        if (o.Backend == SecretsBackend.File)
        {
            if (string.IsNullOrWhiteSpace(o.FilePath)) errors.Add($"{SecretsOptions.SectionName}:FilePath is required for the file backend");
            if (EncryptedFileSecretsStore.TryDecodeKey(o.Key, out _) is { } keyError) errors.Add(keyError);
        }
        if (!EnvSecretNames.IsValidPrefix(o.EnvPrefix))
            errors.Add($"{SecretsOptions.SectionName}:EnvPrefix must be upper-case letters, digits and single '_' (e.g. {EnvSecretNames.DefaultPrefix})");
        if (!SecretName.IsValidSegment(o.DefaultCategory))
            errors.Add($"{SecretsOptions.SectionName}:DefaultCategory is invalid: {SecretName.SegmentRule}");
        if (o.MaxValueBytes is < 1 or > 16 * 1024 * 1024)
            errors.Add($"{SecretsOptions.SectionName}:MaxValueBytes must be between 1 and 16777216");
        if (o.RedactMinLength < 1)
            errors.Add($"{SecretsOptions.SectionName}:RedactMinLength must be positive");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
