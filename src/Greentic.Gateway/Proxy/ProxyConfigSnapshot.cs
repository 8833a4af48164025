using Microsoft.Extensions.Primitives;
using Yarp.ReverseProxy.Configuration;

namespace Greentic.Gateway.Proxy;

/// <summary>
/// One immutable proxy configuration as YARP consumes it. A reload builds a new snapshot and swaps it in
/// with one reference write; the old snapshot's change token then fires so YARP asks for the new one.
/// </summary>
internal sealed record ProxyConfigSnapshot : IProxyConfig
{
    private readonly CancellationTokenSource _changed = new();

    public ProxyConfigSnapshot(IReadOnlyList<RouteConfig> routes, IReadOnlyList<ClusterConfig> clusters, string version, string source)
    {
        Routes = routes;
        Clusters = clusters;
        Version = version;
        Source = source;
        ChangeToken = new CancellationChangeToken(_changed.Token);
    }

    public static ProxyConfigSnapshot Empty { get; } = new([], [], "empty", "(none)");

    public IReadOnlyList<RouteConfig> Routes { get; }
    public IReadOnlyList<ClusterConfig> Clusters { get; }
    public IChangeToken ChangeToken { get; }

    /// <summary>A content hash: the same configuration read twice has the same version.</summary>
    public string Version { get; }

    /// <summary>Where it came from: a file path, or the configuration section.</summary>
    public string Source { get; }

    string IProxyConfig.RevisionId => Version;

    internal void SignalChanged() => _changed.Cancel();
}
