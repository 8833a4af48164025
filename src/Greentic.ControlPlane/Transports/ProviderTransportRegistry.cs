using System.Collections.Concurrent;
using Greentic.ControlPlane.Providers;
using Greentic.ControlPlane.Routing;
using Greentic.Rpc;
using Microsoft.Extensions.Options;

namespace Greentic.ControlPlane.Transports;

/// <summary>
/// One resilient transport per routing binding, built on first use and kept while the binding exists: its
/// circuit breaker and connections live as long as the binding. When the policy is swapped, transports of
/// bindings that are gone are dropped; a remote transport is rebuilt when its certificate files change.
/// </summary>
public sealed class ProviderTransportRegistry : IDisposable
{
    private readonly ConcurrentDictionary<RouteBinding, Entry> _entries = new();
    private readonly InProcProviderTransport _inProc;
    private readonly IRoutingPolicyProvider _routing;
    private readonly IOptionsMonitor<RemoteTlsOptions> _tls;

    public ProviderTransportRegistry(ProviderDispatcher inProcProviders, IRoutingPolicyProvider routing, IOptionsMonitor<RemoteTlsOptions> tls)
    {
        _inProc = new InProcProviderTransport(inProcProviders);
        _routing = routing;
        _tls = tls;
        _routing.Changed += Prune;
    }

    public IProviderTransport Get(RouteRule rule)
    {
        var binding = rule.Binding;
        var stamp = binding.Transport == RouteTransport.Remote ? RemoteChannelFactory.Stamp(_tls.CurrentValue) : "";
        if (_entries.TryGetValue(binding, out var entry) && entry.Stamp == stamp) return entry.Transport;
        lock (_entries)
        {
            if (_entries.TryGetValue(binding, out entry) && entry.Stamp == stamp) return entry.Transport;
            var fresh = Create(rule, stamp);
            _entries[binding] = fresh;
            entry?.Dispose();
            return fresh.Transport;
        }
    }

    private Entry Create(RouteRule rule, string stamp)
    {
        var b = rule.Binding;
        RpcChannel? channel = null;
        IProviderTransport inner = b.Transport switch
        {
            RouteTransport.InProc => _inProc,
            RouteTransport.Sidecar => new GrpcProviderTransport("sidecar", channel = RpcChannel.ForAddress(b.Target)),
            _ => new GrpcProviderTransport("remote", channel = RemoteChannelFactory.Create(b.Target, _tls.CurrentValue)),
        };
        var settings = new ResilienceSettings
        {
            Timeout = b.Timeout,
            MaxAttempts = b.Retry.MaxAttempts,
            BaseDelay = b.Retry.BaseDelay,
            MaxDelay = b.Retry.MaxDelay,
            FailureRatio = b.Breaker?.FailureRatio ?? 1.0,
            MinimumThroughput = b.Breaker?.MinThroughput ?? int.MaxValue,
            BreakDuration = b.Breaker?.BreakDuration ?? TimeSpan.FromSeconds(5),
            SamplingDuration = b.Breaker?.SamplingDuration ?? TimeSpan.FromSeconds(30),
        };
        return new Entry(new ResilientProviderTransport(rule.Name, inner, settings), channel, stamp);
    }

    private void Prune(RoutingPolicy policy)
    {
        var live = policy.Rules.Select(r => r.Binding).ToHashSet();
        foreach (var (binding, entry) in _entries)
            if (!live.Contains(binding) && _entries.TryRemove(binding, out _))
                entry.Dispose();
    }

    public void Dispose()
    {
        _routing.Changed -= Prune;
        foreach (var entry in _entries.Values) entry.Channel?.Dispose();
        _entries.Clear();
    }

    private sealed record Entry(IProviderTransport Transport, RpcChannel? Channel, string Stamp) : IDisposable
    {
        private static readonly TimeSpan Grace = TimeSpan.FromMinutes(2);

        // Calls may still be running on a replaced channel: new calls stop using it now, and it is
        // disposed once they have had time to finish.
        public void Dispose()
        {
            if (Channel is { } channel) _ = Task.Delay(Grace).ContinueWith(_ => channel.Dispose(), TaskScheduler.Default);
        }
    }
}
