using Greentic.ControlPlane.Auth;
using Greentic.Providers;
using Greentic.ControlPlane.Secrets;
using Greentic.ControlPlane.Services;
using Greentic.ControlPlane.Stores;
using Greentic.ControlPlane.Tenancy;
using Greentic.Types.V1;
using Microsoft.Extensions.Options;

namespace Greentic.ControlPlane.Hosting;

/// <summary>
/// Host imports for in-process providers: the state store and secrets directly, with the same rules a sidecar
/// callback meets — the call must be in progress (<see cref="InFlightCalls"/>), state lives in the provider's
/// namespace, and secrets are limited to the binding's allow-list.
/// </summary>
public sealed class LocalProviderHostFactory(
    InFlightCalls calls,
    IStateStore state,
    ISecretsStore secrets,
    SecretRedactor redactor,
    IOptionsMonitor<SecretsOptions> secretsOptions) : IProviderHostFactory
{
    public IProviderHost ForTenant(TenantCtx tenant)
    {
        if (!TenantContext.TryCreate(tenant.Env, tenant.Tenant, tenant.HasTeam ? tenant.Team : null, tenant.HasUser ? tenant.User : null, out var scope, out _))
            return UnavailableProviderHost.Instance;
        var call = calls.Find(tenant, scope);
        if (call is null) return UnavailableProviderHost.Instance;
        var o = secretsOptions.CurrentValue;
        return new Host(state, new ScopedSecrets(secrets, scope, call.Secrets, redactor, o.DefaultCategory, o.MaxValueBytes), scope, call.ProviderType);
    }

    private sealed class Host(IStateStore state, ScopedSecrets secrets, TenantContext scope, string providerType) : IProviderHost
    {
        /// <summary>Failures are the statuses a sidecar's callback would get (PERMISSION_DENIED outside the allow-list).</summary>
        public async Task<byte[]?> GetSecretAsync(string key, CancellationToken ct)
        {
            try
            {
                return await secrets.GetAsync(key, ct);
            }
            catch (SecretsException e)
            {
                throw SecretsStatus.ToRpc(e);
            }
        }

        public async Task<byte[]?> ReadStateAsync(string key, CancellationToken ct) => await state.ReadAsync(Key(key), ct);

        public async Task WriteStateAsync(string key, ReadOnlyMemory<byte> value, CancellationToken ct) => await state.WriteAsync(Key(key), value, ct);

        public async Task DeleteStateAsync(string key, CancellationToken ct) => await state.DeleteAsync(Key(key), ct);

        private StateKey Key(string key) => new(scope, StateKey.IsValidPrefix(providerType) ? providerType : StateServiceImpl.DefaultPrefix, key);
    }
}
