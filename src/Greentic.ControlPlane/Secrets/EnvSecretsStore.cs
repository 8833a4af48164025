using Greentic.ControlPlane.Tenancy;
using System.Collections;
using System.Text;
using Greentic.ControlPlane.Auth;

namespace Greentic.ControlPlane.Secrets;

/// <summary>
/// Read-only secrets from environment variables named per <see cref="EnvSecretNames"/>; a value is the
/// variable's text as UTF-8. For containers and 12-factor deployments where an orchestrator injects secrets.
/// </summary>
public sealed class EnvSecretsStore : ISecretsStore
{
    private readonly string _prefix;
    private readonly Func<string, string?> _read;
    private readonly Func<IEnumerable<string>> _names;

    public EnvSecretsStore(string prefix = EnvSecretNames.DefaultPrefix)
        : this(prefix, Environment.GetEnvironmentVariable,
            () => Environment.GetEnvironmentVariables().Keys.Cast<object>().Select(k => k.ToString()!))
    {
    }

    /// <summary>For tests: read variables from somewhere other than the process environment.</summary>
    public EnvSecretsStore(string prefix, Func<string, string?> read, Func<IEnumerable<string>> names)
    {
        if (!EnvSecretNames.IsValidPrefix(prefix)) throw new ArgumentException($"invalid env secrets prefix '{prefix}'");
        _prefix = prefix;
        _read = read;
        _names = names;
    }

    public string Description => "env";

    public ValueTask<byte[]?> GetAsync(SecretName name, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var value = _read(EnvSecretNames.ToVariable(name, _prefix));
        return ValueTask.FromResult(value is null ? null : Encoding.UTF8.GetBytes(value));
    }

    public ValueTask PutAsync(SecretName name, ReadOnlyMemory<byte> value, CancellationToken cancellationToken) =>
        throw new SecretsException(SecretsErrorCode.Unsupported,
            $"the env secrets backend is read-only: set {EnvSecretNames.ToVariable(name, _prefix)} in the environment, or use SECRETS_BACKEND=file to store {name}");

    public ValueTask<bool> DeleteAsync(SecretName name, CancellationToken cancellationToken) =>
        throw new SecretsException(SecretsErrorCode.Unsupported,
            $"the env secrets backend is read-only: unset {EnvSecretNames.ToVariable(name, _prefix)} in the environment");

    public ValueTask<IReadOnlyList<SecretName>> ListAsync(TenantContext tenant, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        IReadOnlyList<SecretName> names = _names()
            .Select(v => EnvSecretNames.FromVariable(v, _prefix))
            .Where(n => n is not null && n.Env == tenant.Env && n.Tenant == tenant.Tenant)
            .Select(n => n!)
            .OrderBy(n => n.ToUri(), StringComparer.Ordinal)
            .ToList();
        return ValueTask.FromResult(names);
    }
}
