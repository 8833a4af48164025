using System.Diagnostics;
using Greentic.ControlPlane.Routing;
using Greentic.ControlPlane.Telemetry;
using Greentic.ControlPlane.Tenancy;
using Greentic.ControlPlane.Transports;
using Greentic.Provider.V1;
using Greentic.Rpc;
using Greentic.Types.V1;

namespace Greentic.ControlPlane.Services;

/// <summary>
/// <c>greentic.provider.v1.ProviderService</c> as clients see it: every call is authorized for its tenant,
/// routed by the policy to a binding (in-process, sidecar or remote), and forwarded there with the caller's
/// deadline and the W3C trace context. The capability a rule can match is the first segment of the
/// provider type (<c>messaging.telegram.bot</c> → <c>messaging</c>); the op of Describe, ValidateConfig and
/// Healthcheck is <c>describe</c>, <c>validate_config</c> and <c>healthcheck</c>.
/// </summary>
public sealed class ProviderRouterService(
    CallGuard guard,
    IRoutingPolicyProvider routing,
    ProviderTransportRegistry transports,
    InFlightCalls calls) : ProviderService.ProviderServiceBase
{
    public override Task<DescribeResponse> Describe(DescribeRequest request, ServerCallContext context) =>
        RouteAsync(context, request.Ctx, request.ProviderType, "describe",
            (t, ctx, o) => t.DescribeAsync(new DescribeRequest(request) { Ctx = ctx }, o));

    public override Task<ValidateConfigResponse> ValidateConfig(ValidateConfigRequest request, ServerCallContext context) =>
        RouteAsync(context, request.Ctx, request.ProviderType, "validate_config",
            (t, ctx, o) => t.ValidateConfigAsync(new ValidateConfigRequest(request) { Ctx = ctx }, o));

    public override Task<HealthcheckResponse> Healthcheck(HealthcheckRequest request, ServerCallContext context) =>
        RouteAsync(context, request.Ctx, request.ProviderType, "healthcheck",
            (t, ctx, o) => t.HealthcheckAsync(new HealthcheckRequest(request) { Ctx = ctx }, o));

    public override Task<InvokeResponse> Invoke(InvokeRequest request, ServerCallContext context)
    {
        if (string.IsNullOrEmpty(request.Op))
            throw new RpcException(new Status(StatusCode.InvalidArgument, "op is required"));
        return RouteAsync(context, request.Ctx, request.ProviderType, request.Op,
            (t, ctx, o) => t.InvokeAsync(new InvokeRequest(request) { Ctx = ctx }, o));
    }

    private async Task<T> RouteAsync<T>(ServerCallContext context, TenantCtx? requested, string providerType, string op,
        Func<IProviderTransport, TenantCtx, CallOptions, Task<T>> call)
    {
        var authorized = await guard.AuthorizeAsync(context, requested);
        if (string.IsNullOrEmpty(providerType))
            throw new RpcException(new Status(StatusCode.InvalidArgument, "provider_type is required"));
        var capability = CapabilityOf(providerType);
        var cloud = authorized.TenantCtx.Deployment is { } d ? d.Cloud.ToString().ToLowerInvariant() : null;
        var rule = routing.Current.Resolve(new RouteQuery(authorized.Tenant, op, capability, providerType, cloud))
            ?? throw new RpcException(new Status(StatusCode.NotFound,
                $"no route for provider '{providerType}' op '{op}' in tenant '{authorized.Tenant.Tenant}': add a rule to the routing policy"));
        var transport = transports.Get(rule);

        using var activity = ControlPlaneTelemetry.Source.StartActivity($"provider {providerType} {op}", ActivityKind.Client);
        var tags = new TagList
        {
            { ControlPlaneTelemetry.Tenant, authorized.Tenant.Tenant },
            { ControlPlaneTelemetry.Team, authorized.Tenant.Team ?? "" },
            { ControlPlaneTelemetry.User, authorized.Tenant.User ?? "" },
            { ControlPlaneTelemetry.Provider, providerType },
            { ControlPlaneTelemetry.Capability, capability },
            { ControlPlaneTelemetry.Op, op },
            { ControlPlaneTelemetry.Transport, transport.Kind },
        };
        if (activity is not null)
        {
            foreach (var tag in tags) activity.SetTag(tag.Key, tag.Value);
            activity.SetTag(ControlPlaneTelemetry.Route, rule.Name);
        }

        var ctx = authorized.TenantCtx;
        using var inFlight = calls.Begin(authorized.Tenant, providerType, rule.Binding.Secrets, ctx);
        var options = new CallOptions(
            Headers: TraceHeaders(activity),
            Deadline: context.Deadline == DateTime.MaxValue ? null : context.Deadline,
            CancellationToken: context.CancellationToken);
        var started = Stopwatch.GetTimestamp();
        var status = StatusCode.OK;
        try
        {
            return await call(transport, ctx, options);
        }
        catch (RpcException e)
        {
            status = e.StatusCode;
            activity?.SetStatus(ActivityStatusCode.Error, e.Status.Detail);
            throw;
        }
        finally
        {
            tags.Add(ControlPlaneTelemetry.Status, (int)status);
            activity?.SetTag(ControlPlaneTelemetry.Status, (int)status);
            ControlPlaneTelemetry.ProviderCalls.Add(1, tags);
            ControlPlaneTelemetry.ProviderDuration.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds, tags);
        }
    }

    internal static string CapabilityOf(string providerType)
    {
        var dot = providerType.IndexOf('.');
        return dot < 0 ? providerType : providerType[..dot];
    }

    /// <summary>
    /// W3C trace context for the next hop, so a sidecar's or remote's spans join this trace. Written from the
    /// parts, so the flags are exactly this span's sampling decision (a parent-based next hop follows them).
    /// </summary>
    private static Metadata? TraceHeaders(Activity? activity)
    {
        if (activity is null || activity.IdFormat != ActivityIdFormat.W3C) return null;
        var flags = (activity.ActivityTraceFlags & ActivityTraceFlags.Recorded) != 0 ? "01" : "00";
        var headers = new Metadata { { "traceparent", $"00-{activity.TraceId.ToHexString()}-{activity.SpanId.ToHexString()}-{flags}" } };
        if (!string.IsNullOrEmpty(activity.TraceStateString)) headers.Add("tracestate", activity.TraceStateString);
        return headers;
    }
}
