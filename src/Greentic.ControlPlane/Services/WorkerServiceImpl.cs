using Greentic.ControlPlane.Routing;
using Greentic.ControlPlane.Tenancy;
using Greentic.ControlPlane.Workers;
using Greentic.Providers;
using Greentic.Worker.V1;
using Grpc.Core;

namespace Greentic.ControlPlane.Services;

/// <summary>
/// <c>greentic.worker.v1.WorkerService</c>: <c>Exec</c> runs the request on the tenant's worker binding — the provider
/// <c>worker.{worker_id}</c>, op <c>exec</c>, on whatever transport the routing policy (or a pack) gives it — through
/// the one routed path (<see cref="ProviderRouter"/>), with the caller's deadline and cancellation. The mapping in both
/// directions is <see cref="WorkerRequests"/> and <see cref="WorkerResponses"/>; worker errors become statuses per
/// <see cref="WorkerErrors"/>.
/// </summary>
public sealed class WorkerServiceImpl(ProviderRouter router, TimeProvider time) : WorkerService.WorkerServiceBase
{
    public override async Task<ExecResponse> Exec(ExecRequest request, ServerCallContext context)
    {
        var authorized = context.Authorized();
        WorkerRequests.CheckTenant(request, authorized);
        var providerType = WorkerRequests.ProviderTypeOf(request.WorkerId);
        var call = new ProviderCall(providerType, ProviderFunction.Invoke, WorkerRequests.Op,
            WorkerRequests.ToInputJson(request, authorized.TenantCtx), authorized.TenantCtx);
        var deadline = context.Deadline == DateTime.MaxValue ? (DateTime?)null : context.Deadline;
        var output = await router.CallAsync(authorized, call, deadline, context.CancellationToken);
        return WorkerResponses.Read(output, request, authorized.Tenant.Tenant, time);
    }
}
