using System.Collections.Frozen;
using System.Text;

namespace Greentic.ComponentHost;

/// <summary>Secrets from a fixed map (the one-shot invocation's <c>--secret NAME=VALUE</c>, tests).</summary>
public sealed class DictionarySecrets(IReadOnlyDictionary<string, string> secrets) : ISecretsAccess
{
    private readonly FrozenDictionary<string, byte[]> values =
        secrets.ToFrozenDictionary(p => p.Key, p => Encoding.UTF8.GetBytes(p.Value), StringComparer.Ordinal);

    public ValueTask<SecretLookup> GetAsync(string key, CancellationToken cancellationToken) =>
        new(values.TryGetValue(key, out var value) ? SecretLookup.Found(value) : SecretLookup.NotFound);
}
