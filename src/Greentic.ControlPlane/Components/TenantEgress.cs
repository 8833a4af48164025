using System.Collections.Concurrent;
using Greentic.ComponentHost;
using Greentic.ControlPlane.Egress;
using Microsoft.Extensions.Options;

namespace Greentic.ControlPlane.Components;

/// <summary>
/// HTTP egress for components, one client per tenant, each checking every request and redirect hop against the
/// tenant's current network policy (<c>Greentic:Network</c>) — the same allow-list <c>HttpService</c> applies to sidecars.
/// </summary>
internal sealed class TenantEgress(IOptionsMonitor<NetworkPolicyOptions> options) : IDisposable
{
    private readonly ConcurrentDictionary<string, HttpClientEgress> _clients = new(StringComparer.Ordinal);

    public IHttpEgress For(string tenant) => _clients.GetOrAdd(tenant, t =>
    {
        var o = options.CurrentValue;
        return new HttpClientEgress(new EgressPredicate(url => EgressPolicy.Check(options.CurrentValue.For(t), url).Allowed),
            new HttpEgressOptions { Timeout = o.DefaultTimeout, MaxResponseBytes = o.MaxResponseBytes });
    });

    public void Dispose()
    {
        foreach (var client in _clients.Values) client.Dispose();
    }
}
