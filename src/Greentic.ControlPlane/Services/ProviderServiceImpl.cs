using Google.Protobuf;
using Greentic.ControlPlane.Routing;
using Greentic.ControlPlane.Tenancy;
using Greentic.Provider.V1;
using Greentic.Providers;
using Grpc.Core;

namespace Greentic.ControlPlane.Services;

/// <summary>
/// <c>greentic.provider.v1.ProviderService</c> as clients see it: each of the four rpcs, already authorized for its
/// tenant (<see cref="TenantAuthorizationInterceptor"/>), becomes a <see cref="ProviderCall"/> and takes the one
/// routed path (<see cref="ProviderRouter"/>) with the caller's deadline and cancellation. The op of Describe,
/// ValidateConfig and Healthcheck is <c>describe</c>, <c>validate_config</c> and <c>healthcheck</c>.
/// </summary>
public sealed class ProviderServiceImpl(ProviderRouter router) : ProviderService.ProviderServiceBase
{
    public override Task<DescribeResponse> Describe(DescribeRequest request, ServerCallContext context) => Route<DescribeResponse>(request, context);
    public override Task<ValidateConfigResponse> ValidateConfig(ValidateConfigRequest request, ServerCallContext context) => Route<ValidateConfigResponse>(request, context);
    public override Task<HealthcheckResponse> Healthcheck(HealthcheckRequest request, ServerCallContext context) => Route<HealthcheckResponse>(request, context);
    public override Task<InvokeResponse> Invoke(InvokeRequest request, ServerCallContext context) => Route<InvokeResponse>(request, context);

    private async Task<T> Route<T>(IMessage request, ServerCallContext context) where T : IMessage
    {
        var authorized = context.Authorized();
        var call = ProviderMessages.ToCall(request) with { Ctx = authorized.TenantCtx };
        var deadline = context.Deadline == DateTime.MaxValue ? (DateTime?)null : context.Deadline;
        var json = await router.CallAsync(authorized, call, deadline, context.CancellationToken);
        return (T)ProviderMessages.ToResponse(call.Function, json);
    }
}
