using Greentic.ControlPlane.Tenancy;
using Greentic.ControlPlane.Auth;

namespace Greentic.ControlPlane.Secrets;

/// <summary>Decorates a store so every value read or written is registered with the <see cref="SecretRedactor"/>.</summary>
public sealed class RedactionRegisteringSecretsStore(ISecretsStore inner, SecretRedactor redactor) : ISecretsStore
{
    public string Description => inner.Description;

    public async ValueTask<byte[]?> GetAsync(SecretName name, CancellationToken cancellationToken)
    {
        var value = await inner.GetAsync(name, cancellationToken).ConfigureAwait(false);
        if (value is not null) redactor.Register(value);
        return value;
    }

    public ValueTask PutAsync(SecretName name, ReadOnlyMemory<byte> value, CancellationToken cancellationToken)
    {
        redactor.Register(value.Span);
        return inner.PutAsync(name, value, cancellationToken);
    }

    public ValueTask<bool> DeleteAsync(SecretName name, CancellationToken cancellationToken) => inner.DeleteAsync(name, cancellationToken);

    public ValueTask<IReadOnlyList<SecretName>> ListAsync(TenantContext tenant, CancellationToken cancellationToken) =>
        inner.ListAsync(tenant, cancellationToken);
}
