using Greentic.ControlPlane.Secrets;
using Greentic.ControlPlane.Tenancy;
using Grpc.Core;
using Microsoft.Extensions.Options;

namespace Greentic.ControlPlane.OAuth;

/// <summary>One configured provider of one tenant, with the configuration key that names it in messages.</summary>
internal sealed record OAuthProvider(string Tenant, string Id, OAuthProviderOptions Options)
{
    public string ConfigKey => $"{OAuthOptions.SectionName}:Tenants:{Tenant}:Providers:{Id}";
}

/// <summary>
/// The providers a tenant has configured (<see cref="OAuthOptions"/>, current value: configuration reloads apply), and
/// their client secrets, read by name from the tenant's own secrets at each use — so a rotated secret is used at once.
/// </summary>
internal sealed class OAuthProviders(
    IOptionsMonitor<OAuthOptions> options,
    ISecretsStore secrets,
    SecretRedactor redactor,
    IOptionsMonitor<SecretsOptions> secretsOptions)
{
    /// <summary>The provider, or NOT_FOUND naming what is configured for the tenant and the key to add.</summary>
    public OAuthProvider Get(TenantContext tenant, string providerId)
    {
        if (string.IsNullOrEmpty(providerId))
            throw new RpcException(new Status(StatusCode.InvalidArgument, "provider_id is required: name one of the tenant's configured OAuth providers"));
        var o = options.CurrentValue;
        if (o.Provider(tenant.Tenant, providerId) is { } provider) return new OAuthProvider(tenant.Tenant, providerId, provider);
        var configured = o.Tenants.TryGetValue(tenant.Tenant, out var t) && t.Providers.Count > 0
            ? string.Join(", ", t.Providers.Keys.Order(StringComparer.Ordinal).Select(k => $"'{k}'"))
            : "none";
        throw new RpcException(new Status(StatusCode.NotFound,
            $"no OAuth provider '{TenantContext.Sanitize(providerId)}' is configured for tenant '{tenant.Tenant}' (configured: {configured}); " +
            $"add {OAuthOptions.SectionName}:Tenants:{tenant.Tenant}:Providers:{TenantContext.Sanitize(providerId)}"));
    }

    /// <summary>The client secret (null for a public client); FAILED_PRECONDITION when the named secret is not set.</summary>
    public async Task<string?> ClientSecretAsync(TenantContext tenant, OAuthProvider provider, CancellationToken ct)
    {
        if (provider.Options.ClientSecretName is not { } name) return null;
        var s = secretsOptions.CurrentValue;
        var scoped = new ScopedSecrets(secrets, tenant.TenantScope, SecretsAllowList.All, redactor, s.DefaultCategory, s.MaxValueBytes);
        byte[]? value;
        try
        {
            value = await scoped.GetAsync(name, ct);
        }
        catch (SecretsException e)
        {
            throw new RpcException(new Status(StatusCode.FailedPrecondition,
                $"the client secret of OAuth provider '{provider.Id}' cannot be read: {e.Message} ({provider.ConfigKey}:ClientSecretName)"));
        }
        if (value is null)
            throw new RpcException(new Status(StatusCode.FailedPrecondition,
                $"the client secret '{name}' of OAuth provider '{provider.Id}' is not set for tenant '{tenant.Tenant}': " +
                $"store it with SecretsService.Put (e.g. `greentic secrets set {name} …`) or fix {provider.ConfigKey}:ClientSecretName"));
        return System.Text.Encoding.UTF8.GetString(value);
    }
}
