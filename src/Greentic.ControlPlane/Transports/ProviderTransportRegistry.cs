using System.Collections.Concurrent;
using Greentic.ControlPlane.Errors;
using Greentic.ControlPlane.Routing;
using Greentic.Providers.Channels;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Greentic.ControlPlane.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Greentic.ControlPlane.Transports;

/// <summary>
/// One transport per routing binding, built on first use and kept while the binding exists: its circuit breaker
/// and channel live as long as the binding (one channel per target, reused by every call). When the policy is
/// swapped, transports of bindings that are gone are dropped; a remote transport is rebuilt after its mutual-TLS
/// identity files change (<see cref="RemoteIdentity"/>).
/// </summary>
public sealed class ProviderTransportRegistry : IDisposable
{
    private readonly ConcurrentDictionary<RouteBinding, Entry> _entries = new();
    private readonly CallInvoker _inProc;
    private readonly IRoutingPolicyProvider _routing;
    private readonly RemoteIdentity _identity;
    private readonly TimeProvider _time;
    private readonly int _maxMessageSize;
    private readonly ILogger? _logger;

    public ProviderTransportRegistry(IEnumerable<IInProcProviders> inProcProviders, IRoutingPolicyProvider routing, RemoteIdentity identity, TimeProvider time,
        IOptions<ControlPlaneOptions> options, ILogger<ProviderTransportRegistry>? logger = null)
    {
        // Channels accept more than the control plane's own limit, so an oversized answer reaches ProviderRouter, which names the limit.
        _maxMessageSize = (int)Math.Clamp(2L * options.Value.MaxMessageSize, TargetChannel.DefaultMaxMessageSize, int.MaxValue);
        _logger = logger;
        _inProc = new InProcCallInvoker(inProcProviders, time);
        _routing = routing;
        _identity = identity;
        _time = time;
        _routing.Changed += Prune;
    }

    public ProviderTransport Get(RouteRule rule)
    {
        var binding = rule.Binding;
        var version = binding.Transport == RouteTransport.Remote ? _identity.Version : 0;
        if (_entries.TryGetValue(binding, out var entry) && entry.Version == version) return entry.Transport;
        lock (_entries)
        {
            if (_entries.TryGetValue(binding, out entry) && entry.Version == version) return entry.Transport;
            var fresh = Create(rule, version);
            _entries[binding] = fresh;
            entry?.Retire();
            return fresh.Transport;
        }
    }

    private Entry Create(RouteRule rule, int version)
    {
        var b = rule.Binding;
        TargetChannel? channel = null;
        CallInvoker invoker;
        string kind;
        switch (b.Transport)
        {
            case RouteTransport.InProc:
                (kind, invoker) = ("inproc", _inProc);
                break;
            case RouteTransport.Sidecar:
                channel = TargetChannel.Create(b.Target, maxMessageSize: _maxMessageSize);
                (kind, invoker) = ("sidecar", channel.Invoker);
                break;
            default:
                try
                {
                    channel = TargetChannel.Create(b.Target, _identity.Current, _maxMessageSize);
                }
                catch (Exception e) when (e is InvalidOperationException or IOException or System.Security.Cryptography.CryptographicException)
                {
                    throw new RpcException(new Status(StatusCode.FailedPrecondition, $"remote binding '{rule.Name}' cannot be used: {e.Message}"))
                        .WithCause(ErrorReasons.RemoteIdentityMissing, ("route", rule.Name), ("setting", RemoteTlsOptions.SectionName));
                }
                (kind, invoker) = ("remote", channel.Invoker);
                break;
        }
        var resilient = invoker.Intercept(new ResilienceInterceptor(rule.Name, b, _time, _logger));
        return new Entry(new ProviderTransport(kind, b.Target, resilient), channel, version);
    }

    private void Prune(RoutingPolicy policy)
    {
        var live = policy.Rules.Select(r => r.Binding).ToHashSet();
        foreach (var (binding, entry) in _entries)
            if (!live.Contains(binding) && _entries.TryRemove(binding, out _))
                entry.Retire();
    }

    public void Dispose()
    {
        _routing.Changed -= Prune;
        foreach (var entry in _entries.Values) entry.Channel?.Dispose();
        _entries.Clear();
    }

    private sealed record Entry(ProviderTransport Transport, TargetChannel? Channel, int Version)
    {
        private static readonly TimeSpan Grace = TimeSpan.FromMinutes(2);

        /// <summary>Calls may still run on a replaced channel: new calls stop using it now; it is disposed once they have had time to finish.</summary>
        public void Retire()
        {
            if (Channel is { } channel) _ = Task.Delay(Grace).ContinueWith(_ => channel.Dispose(), TaskScheduler.Default);
        }
    }
}
