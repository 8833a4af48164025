using Greentic.ControlPlane.Tenancy;
using Greentic.ControlPlane.Auth;

namespace Greentic.ControlPlane.Secrets;

/// <summary>
/// Secret values by fully scoped name (upstream <c>greentic:secrets-store</c>). A missing secret is
/// <c>null</c>, not an error. Implementations never put a value in a message, log or exception.
/// </summary>
public interface ISecretsStore
{
    /// <summary>Names the backend in messages: <c>env</c> or <c>file:/path</c>.</summary>
    string Description { get; }

    ValueTask<byte[]?> GetAsync(SecretName name, CancellationToken cancellationToken);

    /// <exception cref="SecretsException">Unsupported for read-only backends.</exception>
    ValueTask PutAsync(SecretName name, ReadOnlyMemory<byte> value, CancellationToken cancellationToken);

    /// <summary>Deletes; returns whether it existed.</summary>
    ValueTask<bool> DeleteAsync(SecretName name, CancellationToken cancellationToken);

    /// <summary>Names (never values) of the secrets stored for <paramref name="tenant"/> (all its teams).</summary>
    ValueTask<IReadOnlyList<SecretName>> ListAsync(TenantContext tenant, CancellationToken cancellationToken);
}

/// <summary>
/// Upstream <c>secrets-error</c> plus <see cref="Unsupported"/>. gRPC mapping: Denied → PERMISSION_DENIED,
/// InvalidKey → INVALID_ARGUMENT, Internal → INTERNAL, Unsupported → FAILED_PRECONDITION,
/// NotFound → NOT_FOUND (Get returns null instead; NotFound is for operations that need the secret).
/// </summary>
public enum SecretsErrorCode
{
    NotFound,
    Denied,
    InvalidKey,
    Internal,
    Unsupported,
}

/// <summary>A secrets failure. The message names the secret and what to do — never its value.</summary>
public sealed class SecretsException(SecretsErrorCode code, string message, Exception? inner = null) : Exception(message, inner)
{
    public SecretsErrorCode Code { get; } = code;
}
