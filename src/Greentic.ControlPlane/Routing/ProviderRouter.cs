using System.Diagnostics;
using Google.Protobuf;
using Greentic.ControlPlane.Hosting;
using Greentic.ControlPlane.Supervision;
using Greentic.ControlPlane.Telemetry;
using Greentic.ControlPlane.Tenancy;
using Greentic.ControlPlane.Transports;
using Greentic.Providers;
using Grpc.Core;
using Microsoft.Extensions.Options;

namespace Greentic.ControlPlane.Routing;

/// <summary>
/// Runs a provider call for an authorized caller — the one path every provider call takes, from
/// <c>ProviderService</c> and from the control plane's own pipelines (ingress, messaging, workers):
/// <list type="number">
/// <item>the routing policy picks the binding for <c>{tenant, team, user, env, cloud, capability, provider_type, op}</c>;
/// with no matching rule, a provider declared by the tenant's packs runs in-process (<see cref="PackRoutes"/>);</item>
/// <item>the call is registered as in flight (so the provider may call back for exactly its tenant) and stamped with its id;</item>
/// <item>it runs on the binding's transport with the caller's deadline and cancellation, inside one span and one
/// measurement tagged tenant/team/user/provider/capability/op/transport;</item>
/// <item>an answer over the message limit is RESOURCE_EXHAUSTED naming the limit and its setting.</item>
/// </list>
/// The capability a rule can match is the first segment of the provider type (<c>messaging.telegram.bot</c> → <c>messaging</c>).
/// </summary>
public sealed class ProviderRouter(
    IRoutingPolicyProvider routing,
    PackRoutes packRoutes,
    ProviderTransportRegistry transports,
    InFlightCalls calls,
    IOptions<ControlPlaneOptions> options,
    SidecarSupervisor? sidecars = null)
{
    /// <param name="call">The call; its <c>Ctx</c> must be the authorized wire context (<see cref="AuthorizedCall.TenantCtx"/>).</param>
    public async Task<ByteString> CallAsync(AuthorizedCall authorized, ProviderCall call, DateTime? deadline, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(call.ProviderType))
            throw new RpcException(new Status(StatusCode.InvalidArgument, "provider_type is required"));
        if (string.IsNullOrEmpty(call.Op))
            throw new RpcException(new Status(StatusCode.InvalidArgument, "op is required"));
        var capability = CapabilityOf(call.ProviderType);
        var cloud = call.Ctx.Deployment is { } d ? d.Cloud.ToString().ToLowerInvariant() : null;
        var rule = routing.Current.Resolve(new RouteQuery(authorized.Tenant, call.Op, capability, call.ProviderType, cloud))
            ?? packRoutes.For(authorized.Tenant, call.ProviderType)
            ?? throw new RpcException(new Status(StatusCode.NotFound,
                $"no route for provider '{call.ProviderType}' op '{call.Op}' in tenant '{authorized.Tenant.Tenant}': " +
                "add a rule to the routing policy, or load a pack that declares the provider"));
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
        var started = Stopwatch.GetTimestamp();
        var status = StatusCode.OK;
        try
        {
            ByteString json;
            try
            {
                json = await transport.CallAsync(call, new CallOptions(deadline: deadline, cancellationToken: cancellationToken));
            }
            catch (RpcException e)
            {
                throw ProviderFailure.Explain(e, call.ProviderType, rule, transport, sidecars);
            }
            // Measured as the response message (the JSON plus its framing): that is what MaxSendMessageSize would refuse without saying why.
            var size = ProviderMessages.ToResponse(call.Function, json).CalculateSize();
            var limit = options.Value.MaxMessageSize;
            if (size > limit)
                throw new RpcException(new Status(StatusCode.ResourceExhausted,
                    $"provider '{call.ProviderType}' answered {size} bytes, over this control plane's message limit of {limit} bytes " +
                    $"(raise {ControlPlaneOptions.SectionName}:MaxMessageSize)"));
            return json;
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
