using System.Collections.Concurrent;
using Greentic.ComponentHost;
using Greentic.ControlPlane.Egress;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Greentic.ControlPlane.Components;

/// <summary>
/// Outbound HTTP for providers, one client per tenant (and per TLS mode), each checking every request and redirect
/// hop against the tenant's current network policy (<c>Greentic:Network</c>). Wasm components reach it through their
/// http-client import, sidecars through <c>HttpService</c>: one egress path for both.
/// </summary>
public sealed partial class TenantEgress(IOptionsMonitor<NetworkPolicyOptions> options, IHttpMessageHandlerFactory handlers, ILogger<TenantEgress> logger)
    : IDisposable
{
    /// <summary>Named HTTP clients whose primary handlers egress uses (no automatic redirects: egress follows them itself).</summary>
    public const string ClientName = "Greentic.Egress";
    public const string InsecureClientName = "Greentic.Egress.Insecure";

    private readonly ConcurrentDictionary<(string Tenant, bool Insecure), HttpClientEgress> _clients = new();

    /// <param name="insecure">Skip server certificate validation; only for tenants whose policy has AllowInsecureTls.</param>
    public IHttpEgress For(string tenant, bool insecure = false) => _clients.GetOrAdd((tenant, insecure), key =>
    {
        var o = options.CurrentValue;
        return new HttpClientEgress(new TenantPolicy(this, key.Tenant),
            new HttpEgressOptions { Timeout = o.DefaultTimeout, MaxResponseBytes = o.MaxResponseBytes },
            handlers.CreateHandler(key.Insecure ? InsecureClientName : ClientName));
    });

    public TenantNetworkPolicy PolicyOf(string tenant) => options.CurrentValue.For(tenant);

    private ILogger Logger => logger;

    public void Dispose()
    {
        foreach (var client in _clients.Values) client.Dispose();
    }

    private sealed class TenantPolicy(TenantEgress owner, string tenant) : IEgressPolicy
    {
        public bool IsAllowed(Uri uri)
        {
            var decision = EgressPolicy.Check(owner.PolicyOf(tenant), uri);
            if (!decision.Allowed) LogDenied(owner.Logger, tenant, uri.IdnHost, uri.Port, decision.Reason);
            return decision.Allowed;
        }

        public string DenialReason(Uri uri) => $"tenant '{tenant}' network policy: {EgressPolicy.Check(owner.PolicyOf(tenant), uri).Reason}";
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Egress denied for tenant {Tenant} to {Host}:{Port}: {Reason}")]
    private static partial void LogDenied(ILogger logger, string tenant, string host, int port, string reason);
}
