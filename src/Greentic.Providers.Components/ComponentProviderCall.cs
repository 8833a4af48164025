using Greentic.ComponentHost;

namespace Greentic.Providers.Components;

/// <summary>
/// The one adapter from the provider contract's generic call (<see cref="ProviderCall"/>) to a loaded component
/// (<see cref="ProviderComponent"/>), used by every host that runs components — the control plane in process and the
/// sidecar host — so one component answers alike in every form:
/// <list type="number">
/// <item>the call's tenant context becomes the scope of the component's host imports (<see cref="TenantScopes"/>);</item>
/// <item>the caller's cancellation is separated from the deadline (<see cref="CallerCancellation"/>), which the
/// component's own epoch deadline enforces;</item>
/// <item>the function the call names runs on the thread pool with the imports the host supplies;</item>
/// <item>a <see cref="ComponentException"/> becomes the status its kind maps to (<see cref="ComponentStatus"/>).</item>
/// </list>
/// </summary>
public static class ComponentProviderCall
{
    /// <param name="deadline">The call's deadline (UTC), or null for the component's default timeout.</param>
    /// <param name="describedAs">Names the provider and its component in failure messages.</param>
    public static async Task<byte[]> RunAsync(ProviderComponent component, ProviderCall call, ComponentImports imports,
        DateTime? deadline, string describedAs, CancellationToken cancellationToken, TimeProvider? time = null)
    {
        // (1)
        var scope = TenantScopes.From(call.Ctx, call.ProviderType);
        // (2)
        using var cancellation = new CallerCancellation(cancellationToken, deadline, time ?? TimeProvider.System);
        var context = new ComponentCallContext
        {
            Tenant = scope,
            Secrets = imports.Secrets,
            State = imports.State,
            Http = imports.Http,
            OAuth = imports.OAuth,
            Logger = imports.Logger,
            Deadline = deadline is { } d ? new DateTimeOffset(DateTime.SpecifyKind(d, DateTimeKind.Utc)) : null,
            CancellationToken = cancellation.Token,
        };
        try
        {
            // (3)
            return call.Function switch
            {
                ProviderFunction.Describe => await component.DescribeAsync(context).ConfigureAwait(false),
                ProviderFunction.ValidateConfig => await component.ValidateConfigAsync(context, call.Json).ConfigureAwait(false),
                ProviderFunction.Healthcheck => await component.HealthcheckAsync(context).ConfigureAwait(false),
                _ => await component.InvokeAsync(context, call.Op, call.Json).ConfigureAwait(false),
            };
        }
        catch (ComponentException e)
        {
            // (4)
            throw ComponentStatus.ToRpc(e, describedAs);
        }
    }
}
