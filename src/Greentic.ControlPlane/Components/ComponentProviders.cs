using Greentic.ComponentHost;
using Greentic.ControlPlane.OAuth;
using Greentic.ControlPlane.Secrets;
using Greentic.ControlPlane.Stores;
using Greentic.ControlPlane.Tenancy;
using Greentic.ControlPlane.Transports;
using Greentic.Packs.Runtime;
using Greentic.Providers;
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
/// <item>a component failure becomes the status its kind maps to (<see cref="ComponentFailures"/>).</item>
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
        var context = Context(call, provider, deadline, cancellationToken);
        try
        {
            var component = components.Get(provider, ComponentGrants.Of(provider.Capabilities, oauth.Serves(call.Ctx.Tenant)));
            return call.Function switch
            {
                ProviderFunction.Describe => await component.DescribeAsync(context),
                ProviderFunction.ValidateConfig => await component.ValidateConfigAsync(context, call.Json),
                ProviderFunction.Healthcheck => await component.HealthcheckAsync(context),
                _ => await component.InvokeAsync(context, call.Op, call.Json),
            };
        }
        catch (ComponentException e)
        {
            throw ComponentFailures.ToRpc(e, provider);
        }
    }

    private Greentic.Packs.Runtime.ProviderComponent? Resolve(ProviderCall call) =>
        packs.Current[call.Ctx.Tenant]?.ResolveProvider(call.ProviderType);

    private ComponentCallContext Context(ProviderCall call, Greentic.Packs.Runtime.ProviderComponent provider, DateTime? deadline,
        CancellationToken cancellationToken)
    {
        var ctx = call.Ctx;
        if (!TenantContext.TryCreate(ctx.Env, ctx.Tenant, ctx.HasTeam ? ctx.Team : null, ctx.HasUser ? ctx.User : null, out var scope, out var error))
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"invalid tenant context: {error}"));
        // The in-flight registration carries the binding's secrets allow-list; a call outside one reaches no secrets.
        var allowList = calls.Find(ctx, scope)?.Secrets ?? SecretsAllowList.None;
        var o = secretsOptions.CurrentValue;
        var grantsState = provider.Capabilities.Grants("state");
        return new ComponentCallContext
        {
            Tenant = new TenantScope(scope.Env, scope.Tenant, scope.Team, scope.User)
            {
                CorrelationId = ctx.HasCorrelationId ? ctx.CorrelationId : null,
                TraceId = ctx.HasTraceId ? ctx.TraceId : null,
                SessionId = ctx.HasSessionId ? ctx.SessionId : null,
                FlowId = ctx.HasFlowId ? ctx.FlowId : null,
                NodeId = ctx.HasNodeId ? ctx.NodeId : null,
                ProviderId = call.ProviderType,
            },
            Secrets = new ScopedSecretsAccess(new ScopedSecrets(secrets, scope, allowList, redactor, o.DefaultCategory, o.MaxValueBytes)),
            State = grantsState ? new ScopedStateAccess(state, scope, call.ProviderType) : null,
            Http = egress.For(scope.Tenant),
            OAuth = new ComponentOAuthBroker(oauth, scope),
            Logger = _guestLog,
            Deadline = deadline is { } d ? new DateTimeOffset(d.ToUniversalTime(), TimeSpan.Zero) : null,
            CancellationToken = cancellationToken,
        };
    }
}
