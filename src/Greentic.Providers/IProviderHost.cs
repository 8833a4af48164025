namespace Greentic.Providers;

/// <summary>
/// What a provider may ask of its host: the secrets-store and state-store imports. Every call is made
/// with the tenant context of the provider call that is running — the host never widens it. A refusal is an
/// <see cref="Grpc.Core.RpcException"/> with the status the control plane's SecretsService or StateService answers
/// (PERMISSION_DENIED outside the binding's allow-list, INVALID_ARGUMENT for a bad key), wherever the provider runs.
/// </summary>
public interface IProviderHost
{
    /// <summary>The secret's value, or null when it has none (WIT <c>none</c>, not an error).</summary>
    Task<byte[]?> GetSecretAsync(string key, CancellationToken cancellationToken);

    /// <summary>The state value, or null when the key is absent.</summary>
    Task<byte[]?> ReadStateAsync(string key, CancellationToken cancellationToken);

    Task WriteStateAsync(string key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken);

    Task DeleteStateAsync(string key, CancellationToken cancellationToken);
}

/// <summary>A host for providers that must not reach secrets or state: every import fails as unavailable.</summary>
public sealed class UnavailableProviderHost : IProviderHost
{
    public static readonly UnavailableProviderHost Instance = new();

    public Task<byte[]?> GetSecretAsync(string key, CancellationToken cancellationToken) => throw Unavailable();
    public Task<byte[]?> ReadStateAsync(string key, CancellationToken cancellationToken) => throw Unavailable();
    public Task WriteStateAsync(string key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken) => throw Unavailable();
    public Task DeleteStateAsync(string key, CancellationToken cancellationToken) => throw Unavailable();

    private static ProviderHostUnavailableException Unavailable() =>
        new("This provider runs without a host for secrets and state (no control plane configured).");
}

public sealed class ProviderHostUnavailableException(string message) : Exception(message);
