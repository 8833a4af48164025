using Yarp.ReverseProxy.Configuration;

namespace Greentic.Gateway.Proxy;

/// <summary>
/// Checks a snapshot before it may replace the live one: YARP's own validation of every route and cluster
/// (path patterns, policies, health and load-balancing settings), plus what YARP would only discover when
/// applying — a route naming a cluster that does not exist, a destination address that is not an absolute
/// http(s) URL.
/// </summary>
internal sealed class ProxyConfigValidator(IConfigValidator yarp)
{
    public async ValueTask<IReadOnlyList<string>> ValidateAsync(ProxyConfigSnapshot snapshot)
    {
        var errors = new List<string>();
        var clusterIds = new HashSet<string>(snapshot.Clusters.Select(c => c.ClusterId), StringComparer.OrdinalIgnoreCase);
        foreach (var route in snapshot.Routes)
        {
            foreach (var e in await yarp.ValidateRouteAsync(route).ConfigureAwait(false)) errors.Add($"route '{route.RouteId}': {e.Message}");
            if (string.IsNullOrEmpty(route.ClusterId))
                errors.Add($"route '{route.RouteId}': ClusterId is required");
            else if (!clusterIds.Contains(route.ClusterId))
                errors.Add($"route '{route.RouteId}': cluster '{route.ClusterId}' does not exist (clusters: {string.Join(", ", clusterIds.Order())})");
        }
        foreach (var cluster in snapshot.Clusters)
        {
            foreach (var e in await yarp.ValidateClusterAsync(cluster).ConfigureAwait(false)) errors.Add($"cluster '{cluster.ClusterId}': {e.Message}");
            foreach (var (id, destination) in cluster.Destinations ?? new Dictionary<string, DestinationConfig>())
            {
                if (!IsHttpUrl(destination.Address))
                    errors.Add($"cluster '{cluster.ClusterId}' destination '{id}': address '{destination.Address}' is not an absolute http:// or https:// URL");
                if (!string.IsNullOrEmpty(destination.Health) && !IsHttpUrl(destination.Health))
                    errors.Add($"cluster '{cluster.ClusterId}' destination '{id}': health address '{destination.Health}' is not an absolute http:// or https:// URL");
            }
        }
        return errors;
    }

    private static bool IsHttpUrl(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}
