namespace Greentic.ComponentHost;

/// <summary>
/// Secrets of one call's tenant (<c>greentic:secrets-store/secrets-store@1.0.0</c> <c>get</c>). The host calls it
/// from a component's import on the call's thread and waits for it.
/// </summary>
public interface ISecretsAccess
{
    /// <summary>The secret's value, or <see cref="SecretLookup.NotFound"/>; never throws for a missing key.</summary>
    ValueTask<SecretLookup> GetAsync(string key, CancellationToken cancellationToken);
}

/// <summary>What a secret lookup found, mirroring <c>result&lt;option&lt;list&lt;u8&gt;&gt;, secrets-error&gt;</c>.</summary>
public readonly record struct SecretLookup(SecretLookupStatus Status, ReadOnlyMemory<byte> Value)
{
    public static SecretLookup Found(ReadOnlyMemory<byte> value) => new(SecretLookupStatus.Found, value);
    public static SecretLookup NotFound => new(SecretLookupStatus.NotFound, default);
    public static SecretLookup Denied => new(SecretLookupStatus.Denied, default);
    public static SecretLookup InvalidKey => new(SecretLookupStatus.InvalidKey, default);
    public static SecretLookup Internal => new(SecretLookupStatus.Internal, default);
}

public enum SecretLookupStatus { Found, NotFound, Denied, InvalidKey, Internal }

/// <summary>No secrets at all: every key is not found.</summary>
public sealed class NoSecrets : ISecretsAccess
{
    public static readonly NoSecrets Instance = new();
    public ValueTask<SecretLookup> GetAsync(string key, CancellationToken cancellationToken) => new(SecretLookup.NotFound);
}
