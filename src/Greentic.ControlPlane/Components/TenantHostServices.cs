using Greentic.ComponentHost;
using Greentic.ControlPlane.Secrets;
using Greentic.ControlPlane.Stores;
using Greentic.ControlPlane.Tenancy;

namespace Greentic.ControlPlane.Components;

/// <summary>The secrets import of one component call: the call's tenant scope and its binding's allow-list (<see cref="ScopedSecrets"/>).</summary>
internal sealed class ScopedSecretsAccess(ScopedSecrets secrets) : ISecretsAccess
{
    public async ValueTask<SecretLookup> GetAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            return await secrets.GetAsync(key, cancellationToken) is { } value ? SecretLookup.Found(value) : SecretLookup.NotFound;
        }
        catch (SecretsException e)
        {
            return e.Code switch
            {
                SecretsErrorCode.Denied => SecretLookup.Denied,
                SecretsErrorCode.InvalidKey => SecretLookup.InvalidKey,
                SecretsErrorCode.NotFound => SecretLookup.NotFound,
                _ => SecretLookup.Internal,
            };
        }
    }
}

/// <summary>The state import of one component call: the call's tenant scope, in the provider's own namespace.</summary>
internal sealed class ScopedStateAccess(IStateStore store, TenantContext scope, string providerType) : IStateAccess
{
    public async ValueTask<ReadOnlyMemory<byte>?> ReadAsync(string key, CancellationToken cancellationToken)
    {
        // A missing key must stay null: `null` converts to ReadOnlyMemory<byte> too (through byte[]), as an empty value.
        if (await store.ReadAsync(Key(key), cancellationToken) is not { } value) return null;
        return value;
    }

    public async ValueTask WriteAsync(string key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken)
    {
        try
        {
            await store.WriteAsync(Key(key), value, cancellationToken);
        }
        catch (ArgumentException e)
        {
            throw new HostCallException(HostErrorCodes.TooLarge, e.Message);
        }
    }

    public async ValueTask DeleteAsync(string key, CancellationToken cancellationToken) => await store.DeleteAsync(Key(key), cancellationToken);

    private StateKey Key(string key)
    {
        try
        {
            return new StateKey(scope, StateKey.IsValidPrefix(providerType) ? providerType : Services.StateServiceImpl.DefaultPrefix, key);
        }
        catch (ArgumentException e)
        {
            throw new HostCallException(HostErrorCodes.InvalidInput, e.Message);
        }
    }
}
