using Greentic.Admin.V1;
using Greentic.ControlPlane.Auth;
using Greentic.Providers;
using Greentic.ControlPlane.Routing;
using Greentic.Packs.Runtime;
using Greentic.ControlPlane.Supervision;
using Grpc.Core;

namespace Greentic.ControlPlane.Services;

/// <summary>
/// <c>greentic.admin.v1.AdminService</c>: pack status and reload, providers and routes. Locked by default (the
/// admin policy, before any handler runs): the ADMIN_TOKEN bearer, or — only while ADMIN_TOKEN is unset — a
/// loopback caller.
/// </summary>
public sealed class AdminServiceImpl(
    PackRuntimeManager packs,
    IRoutingPolicyProvider routing,
    PackRoutes packRoutes,
    ProviderDispatcher inProcProviders,
    SidecarSupervisor sidecars) : AdminService.AdminServiceBase
{
    public override Task<GetPackStatusResponse> GetPackStatus(GetPackStatusRequest request, ServerCallContext context)
    {
        var status = packs.GetStatus();
        var response = new GetPackStatusResponse { LastReload = Iso(status.LastReload), LastError = status.LastError ?? "" };
        foreach (var t in status.Tenants)
        {
            var tenant = new TenantPackStatus { Tenant = t.Tenant, PackId = t.PackId, Version = t.Version, Digest = t.Digest };
            tenant.Overlays.AddRange(t.Overlays.Select(o => new PackEntryStatus { PackId = o.PackId, Version = o.Version, Digest = o.Digest }));
            response.Tenants.Add(tenant);
        }
        return Task.FromResult(response);
    }

    public override Task<ReloadPacksResponse> ReloadPacks(ReloadPacksRequest request, ServerCallContext context)
    {
        // Accepted, as POST /admin/packs/reload answers 202: the outcome shows in the status.
        _ = Task.Run(() => packs.ReloadAsync(CancellationToken.None));
        return Task.FromResult(new ReloadPacksResponse { Accepted = true });
    }

    public override Task<ListProvidersResponse> ListProviders(ListProvidersRequest request, ServerCallContext context)
    {
        var response = new ListProvidersResponse();
        foreach (var rule in RulesFor(request.Ctx?.Tenant))
        {
            response.Providers.Add(new ProviderInfo
            {
                ProviderType = rule.Match.ProviderType ?? "*",
                Capabilities = { rule.Match.Capability ?? "*" },
                Ops = { rule.Match.Op ?? "*" },
                Transport = rule.Binding.Transport.ToString().ToLowerInvariant(),
                Target = rule.Binding.Target,
            });
        }
        foreach (var type in inProcProviders.ProviderTypes.Order(StringComparer.Ordinal))
            response.Providers.Add(new ProviderInfo { ProviderType = type, Transport = "inproc", Target = type });
        return Task.FromResult(response);
    }

    public override Task<ListRoutesResponse> ListRoutes(ListRoutesRequest request, ServerCallContext context)
    {
        var status = routing.Status;
        var response = new ListRoutesResponse { LastReload = Iso(status.LastSuccess), LastError = status.LastError ?? "" };
        foreach (var rule in RulesFor(request.Ctx?.Tenant))
        {
            var m = rule.Match;
            response.Rules.Add(new Admin.V1.RouteRule
            {
                Source = $"{rule.Source.File}:{rule.Source.Line} ({rule.Name})",
                Tenant = m.Tenant ?? "*", Team = m.Team ?? "*", User = m.User ?? "*", Env = m.Env ?? "*",
                Capability = m.Capability ?? "*", ProviderType = m.ProviderType ?? "*", Op = m.Op ?? "*",
                Transport = rule.Binding.Transport.ToString().ToLowerInvariant(), Target = rule.Binding.Target,
                TimeoutMs = (uint)rule.Binding.Timeout.TotalMilliseconds,
            });
        }
        return Task.FromResult(response);
    }

    public override Task<ListSidecarsResponse> ListSidecars(ListSidecarsRequest request, ServerCallContext context)
    {
        var now = DateTimeOffset.UtcNow;
        var response = new ListSidecarsResponse();
        foreach (var state in sidecars.Configured.OrderBy(s => s.Name, StringComparer.Ordinal))
        {
            response.Sidecars.Add(new SidecarStatus
            {
                Name = state.Name, Address = state.Address, State = state.Phase.ToString().ToLowerInvariant(), Pid = state.ProcessId ?? 0,
                Restarts = (uint)state.Restarts, LastExit = state.LastExit ?? "", Summary = state.Describe(now),
            });
        }
        return Task.FromResult(response);
    }

    /// <summary>
    /// The rules that can serve <paramref name="tenant"/> (all rules when none is named): the policy's, then the
    /// default routes of pack-declared providers (which apply only where no policy rule matches).
    /// </summary>
    private IEnumerable<Routing.RouteRule> RulesFor(string? tenant) =>
        routing.Current.Rules.Where(r => string.IsNullOrEmpty(tenant) || r.Match.Tenant is null || r.Match.Tenant == tenant)
            .Concat(packRoutes.All(string.IsNullOrEmpty(tenant) ? null : tenant));

    private static string Iso(DateTimeOffset? time) =>
        time?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture) ?? "";
}
