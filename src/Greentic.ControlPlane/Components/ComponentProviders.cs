using Greentic.ComponentHost;
using Greentic.ControlPlane.OAuth;
using Greentic.ControlPlane.Secrets;
using Greentic.ControlPlane.Stores;
using Greentic.ControlPlane.Tenancy;
using Greentic.ControlPlane.Transports;
using Greentic.Packs.Runtime;
using HostComponent = Greentic.ComponentHost.ProviderComponent;
using Greentic.Providers;
using Greentic.Providers.Components;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Greentic.ControlPlane.Components;

/// <summary>
/// Providers that run as Wasm components from the calling tenant's packs, in this process:
/// <list type="number">
/// <item>the tenant's current pack runtime resolves the provider type to the component that implements it;</item>
/// <item>the component is loaded (once per digest and grants) with the host imports its manifest grants;</item>
/// <item>the call runs on a fresh store and instance, its imports scoped to the call's tenant: secrets within the
/// binding's allow-list, state in the provider's namespace (only when granted), HTTP through the tenant's egress policy,
/// the OAuth broker for the tenant (only when the manifest declares oauth and the tenant has providers);</item>
/// <item>the call runs through the adapter the sidecar host uses too (<see cref="ComponentProviderCall"/>), so a component
/// answers and fails alike in process and in a sidecar.</item>
/// </list>
/// </summary>
internal sealed class ComponentProviders(
    PackRuntimeManager packs,
    LoadedComponents components,
    InFlightCalls calls,
    ISecretsStore secrets,
    SecretRedactor redactor,
    IOptionsMonitor<SecretsOptions> secretsOptions,
    IStateStore state,
    TenantEgress egress,
    OAuthBroker oauth,
    ILoggerFactory loggers) : IInProcProviders
{
    private readonly ILogger _guestLog = loggers.CreateLogger("Greentic.Components");

    public bool Serves(ProviderCall call) => Resolve(call) is not null;

    public async Task<byte[]> CallAsync(ProviderCall call, DateTime? deadline, CancellationToken cancellationToken)
    {
        var provider = Resolve(call) ?? throw new RpcException(new Status(StatusCode.NotFound,
            $"no pack of tenant '{call.Ctx.Tenant}' declares provider '{call.ProviderType}'"));
        var describedAs = $"provider '{provider.ProviderType}' (component '{provider.ComponentId}' {provider.ComponentVersion})";
        var imports = Imports(call, provider);
        HostComponent component;
        try
        {
            component = components.Get(provider, ComponentGrants.Of(provider.Capabilities, oauth.Serves(call.Ctx.Tenant)));
        }
        catch (ComponentException e)
        {
            throw ComponentStatus.ToRpc(e, describedAs);
        }
        return await ComponentProviderCall.RunAsync(component, call, imports, deadline, describedAs, cancellationToken);
    }

    private Greentic.Packs.Runtime.ProviderComponent? Resolve(ProviderCall call) =>
        packs.Current[call.Ctx.Tenant]?.ResolveProvider(call.ProviderType);

    private ComponentImports Imports(ProviderCall call, Greentic.Packs.Runtime.ProviderComponent provider)
    {
        var ctx = call.Ctx;
        if (!TenantContext.TryCreate(ctx.Env, ctx.Tenant, ctx.HasTeam ? ctx.Team : null, ctx.HasUser ? ctx.User : null, out var scope, out var error))
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"invalid tenant context: {error}"));
        // The in-flight registration carries the binding's secrets allow-list; a call outside one reaches no secrets.
        var allowList = calls.Find(ctx, scope)?.Secrets ?? SecretsAllowList.None;
        var o = secretsOptions.CurrentValue;
        return new ComponentImports(
            new ScopedSecretsAccess(new ScopedSecrets(secrets, scope, allowList, redactor, o.DefaultCategory, o.MaxValueBytes)),
            provider.Capabilities.Grants("state") ? new ScopedStateAccess(state, scope, call.ProviderType) : null,
            egress.For(scope.Tenant),
            _guestLog)
        {
            OAuth = new ComponentOAuthBroker(oauth, scope),
        };
    }
}
