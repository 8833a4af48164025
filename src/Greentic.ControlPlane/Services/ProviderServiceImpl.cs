using System.Diagnostics;
using Google.Protobuf;
using Greentic.ControlPlane.Hosting;
using Greentic.ControlPlane.Routing;
using Greentic.ControlPlane.Telemetry;
using Greentic.ControlPlane.Tenancy;
using Greentic.ControlPlane.Transports;
using Greentic.Provider.V1;
using Greentic.Providers;
using Grpc.Core;
using Microsoft.Extensions.Options;

namespace Greentic.ControlPlane.Services;

/// <summary>
/// <c>greentic.provider.v1.ProviderService</c> as clients see it. Every function takes one path:
/// <list type="number">
/// <item>the call, already authorized for its tenant (<see cref="TenantAuthorizationInterceptor"/>), becomes a <see cref="ProviderCall"/>;</item>
/// <item>the routing policy picks the binding for <c>{tenant, team, user, env, cloud, capability, provider_type, op}</c>;</item>
/// <item>the call is registered as in flight (so the provider may call back for exactly its tenant) and run on the
/// binding's transport with the caller's deadline and cancellation, inside one span and one measurement.</item>
/// </list>
/// The capability a rule can match is the first segment of the provider type (<c>messaging.telegram.bot</c> →
/// <c>messaging</c>); the op of Describe, ValidateConfig and Healthcheck is <c>describe</c>, <c>validate_config</c>
/// and <c>healthcheck</c>.
/// </summary>
public sealed class ProviderServiceImpl(
    IRoutingPolicyProvider routing,
    ProviderTransportRegistry transports,
    InFlightCalls calls,
    IOptions<ControlPlaneOptions> options) : ProviderService.ProviderServiceBase
{
    public override Task<DescribeResponse> Describe(DescribeRequest request, ServerCallContext context) => Route<DescribeResponse>(request, context);
    public override Task<ValidateConfigResponse> ValidateConfig(ValidateConfigRequest request, ServerCallContext context) => Route<ValidateConfigResponse>(request, context);
    public override Task<HealthcheckResponse> Healthcheck(HealthcheckRequest request, ServerCallContext context) => Route<HealthcheckResponse>(request, context);
    public override Task<InvokeResponse> Invoke(InvokeRequest request, ServerCallContext context) => Route<InvokeResponse>(request, context);

    private async Task<T> Route<T>(IMessage request, ServerCallContext context) where T : IMessage
    {
        var authorized = context.Authorized();
        var call = ProviderMessages.ToCall(request) with { Ctx = authorized.TenantCtx };
        if (string.IsNullOrEmpty(call.ProviderType))
            throw new RpcException(new Status(StatusCode.InvalidArgument, "provider_type is required"));
        if (string.IsNullOrEmpty(call.Op))
            throw new RpcException(new Status(StatusCode.InvalidArgument, "op is required"));
        var capability = CapabilityOf(call.ProviderType);
        var cloud = call.Ctx.Deployment is { } d ? d.Cloud.ToString().ToLowerInvariant() : null;
        var rule = routing.Current.Resolve(new RouteQuery(authorized.Tenant, call.Op, capability, call.ProviderType, cloud))
            ?? throw new RpcException(new Status(StatusCode.NotFound,
                $"no route for provider '{call.ProviderType}' op '{call.Op}' in tenant '{authorized.Tenant.Tenant}': add a rule to the routing policy"));
        var transport = transports.Get(rule);

        using var activity = ControlPlaneTelemetry.Source.StartActivity($"provider {call.ProviderType} {call.Op}", ActivityKind.Client);
        var tags = new TagList
        {
            { ControlPlaneTelemetry.Tenant, authorized.Tenant.Tenant },
            { ControlPlaneTelemetry.Team, authorized.Tenant.Team ?? "" },
            { ControlPlaneTelemetry.User, authorized.Tenant.User ?? "" },
            { ControlPlaneTelemetry.Provider, call.ProviderType },
            { ControlPlaneTelemetry.Capability, capability },
            { ControlPlaneTelemetry.Op, call.Op },
            { ControlPlaneTelemetry.Transport, transport.Kind },
        };
        if (activity is not null)
        {
            foreach (var tag in tags) activity.SetTag(tag.Key, tag.Value);
            activity.SetTag(ControlPlaneTelemetry.Route, rule.Name);
        }

        using var inFlight = calls.Begin(authorized.Tenant, call.ProviderType, rule.Binding.Secrets, call.Ctx);
        var callOptions = new CallOptions(
            deadline: context.Deadline == DateTime.MaxValue ? null : context.Deadline,
            cancellationToken: context.CancellationToken);
        var started = Stopwatch.GetTimestamp();
        var status = StatusCode.OK;
        try
        {
            var response = ProviderMessages.ToResponse(call.Function, await transport.CallAsync(call, callOptions));
            // The response message (the JSON plus its framing), since that is what MaxSendMessageSize would refuse without saying why.
            var size = response.CalculateSize();
            var limit = options.Value.MaxMessageSize;
            if (size > limit)
                throw new RpcException(new Status(StatusCode.ResourceExhausted,
                    $"provider '{call.ProviderType}' answered {size} bytes, over this control plane's message limit of {limit} bytes " +
                    $"(raise {ControlPlaneOptions.SectionName}:MaxMessageSize)"));
            return (T)response;
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
}
