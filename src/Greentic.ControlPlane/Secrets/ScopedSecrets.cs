using Greentic.ControlPlane.Tenancy;
using Greentic.ControlPlane.Auth;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Greentic.ControlPlane.Secrets;

/// <summary>
/// Secrets as one provider call sees them: fixed to the call's tenant context and limited to its binding's
/// allow-list. This is what the secrets host import and the sidecar callback use; providers never touch
/// <see cref="ISecretsStore"/> directly.
/// </summary>
/// <remarks>
/// Keys are <c>category/name</c>, a bare <c>name</c> (in <see cref="SecretsOptions.DefaultCategory"/>), or a
/// full <c>secrets://</c> URI, which must name the call's own env, tenant and team (or <c>_</c>). A get in a
/// team context falls back to the tenant-wide secret (<c>_</c>) when the team has none of its own; a put
/// goes to the context's own scope. Every value read or written is registered with the
/// <see cref="SecretRedactor"/>.
/// </remarks>
public sealed class ScopedSecrets
{
    private readonly ISecretsStore _store;
    private readonly SecretRedactor _redactor;
    private readonly string _defaultCategory;
    private readonly int _maxValueBytes;
    private readonly ILogger _logger;

    public ScopedSecrets(ISecretsStore store, TenantContext context, SecretsAllowList allowList, SecretRedactor redactor,
        string defaultCategory = "default", int maxValueBytes = 64 * 1024, ILogger? logger = null)
    {
        _store = store;
        Context = context;
        AllowList = allowList;
        _redactor = redactor;
        _defaultCategory = defaultCategory;
        _maxValueBytes = maxValueBytes;
        _logger = logger ?? NullLogger.Instance;
    }

    public TenantContext Context { get; }
    public SecretsAllowList AllowList { get; }

    /// <summary>The value, or null when no such secret exists.</summary>
    /// <exception cref="SecretsException">InvalidKey for a malformed key; Denied outside the scope or allow-list.</exception>
    public async ValueTask<byte[]?> GetAsync(string key, CancellationToken cancellationToken)
    {
        var name = Resolve(key);
        var value = await _store.GetAsync(name, cancellationToken).ConfigureAwait(false);
        if (value is null && name.Team is not null)
        {
            value = await _store.GetAsync(name.TenantWide, cancellationToken).ConfigureAwait(false);
        }
        if (value is not null) _redactor.Register(value);
        SecretsLog.SecretRead(_logger, name.ToUri(), Context.ToString(), value is not null);
        return value;
    }

    /// <exception cref="SecretsException">As for get; Unsupported when the backend is read-only; InvalidKey when too large.</exception>
    public async ValueTask PutAsync(string key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken)
    {
        var name = Resolve(key);
        if (value.Length > _maxValueBytes)
        {
            throw new SecretsException(SecretsErrorCode.InvalidKey, $"secret {name} is {value.Length} bytes; at most {_maxValueBytes} are accepted ({SecretsOptions.SectionName}:MaxValueBytes)");
        }
        _redactor.Register(value.Span);
        await _store.PutAsync(name, value, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Maps a provider's key to the scoped name, enforcing scope and allow-list.</summary>
    public SecretName Resolve(string key)
    {
        if (string.IsNullOrWhiteSpace(key))
        {
            throw new SecretsException(SecretsErrorCode.InvalidKey, "secret key is empty; use 'category/name'");
        }
        SecretName name;
        if (key.StartsWith(SecretName.Scheme, StringComparison.Ordinal))
        {
            if (!SecretName.TryParse(key, out var parsed, out var error))
            {
                throw new SecretsException(SecretsErrorCode.InvalidKey, $"secret key '{TenantContext.Sanitize(key)}' is invalid: {error}");
            }
            if (parsed.Env != Context.Env || parsed.Tenant != Context.Tenant || (parsed.Team is not null && parsed.Team != Context.Team))
            {
                throw Denied($"secret {parsed} is outside this call's scope ({SecretName.Scheme}{Context.Env}/{Context.Tenant}/{Context.Team ?? "_"}/…)");
            }
            name = parsed;
        }
        else
        {
            var slash = key.IndexOf('/');
            var (category, secret) = slash < 0 ? (_defaultCategory, key) : (key[..slash], key[(slash + 1)..]);
            if (!SecretName.IsValidSegment(category) || !SecretName.IsValidSegment(secret))
            {
                throw new SecretsException(SecretsErrorCode.InvalidKey,
                    $"secret key '{TenantContext.Sanitize(key)}' is invalid: use 'category/name', each part {SecretName.SegmentRule.Replace("use ", "")}");
            }
            name = SecretName.For(Context, category, secret);
        }
        if (!AllowList.Allows(name.Category, name.Name))
        {
            throw Denied($"secret '{name.Category}/{name.Name}' is not in this binding's secrets allow-list ({AllowList}); add it to the routing rule's binding.secrets");
        }
        return name;
    }

    private SecretsException Denied(string message)
    {
        SecretsLog.AccessDenied(_logger, Context.ToString(), message);
        return new SecretsException(SecretsErrorCode.Denied, message);
    }
}

/// <summary>Creates <see cref="ScopedSecrets"/> for a call from the configured store.</summary>
public sealed class ScopedSecretsFactory(ISecretsStore store, SecretRedactor redactor, SecretsOptions options, ILoggerFactory? loggers = null)
{
    public ScopedSecrets For(TenantContext context, SecretsAllowList allowList) =>
        new(store, context, allowList, redactor, options.DefaultCategory, options.MaxValueBytes,
            loggers?.CreateLogger<ScopedSecrets>());
}
