using Greentic.ComponentHost;
using Greentic.Types.V1;

namespace Greentic.Providers.Components;

/// <summary>The component host's view of a call's tenant context: the scope its imports act for, and the ids its logs carry.</summary>
public static class TenantScopes
{
    public static TenantScope From(TenantCtx ctx, string providerType) =>
        new(ctx.Env, ctx.Tenant, ctx.HasTeam && ctx.Team.Length > 0 ? ctx.Team : null, ctx.HasUser && ctx.User.Length > 0 ? ctx.User : null)
        {
            CorrelationId = ctx.HasCorrelationId ? ctx.CorrelationId : null,
            TraceId = ctx.HasTraceId ? ctx.TraceId : null,
            SessionId = ctx.HasSessionId ? ctx.SessionId : null,
            FlowId = ctx.HasFlowId ? ctx.FlowId : null,
            NodeId = ctx.HasNodeId ? ctx.NodeId : null,
            ProviderId = providerType,
        };
}
