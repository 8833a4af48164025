using System.Threading.Channels;
using Greentic.Rpc.Health.V1;
using ServingStatus = Greentic.Rpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace Greentic.Rpc.Health;

/// <summary>
/// The serving status of each service, as the health service reports it. The empty name stands for the whole
/// server and starts as SERVING; other services are unknown until set. Watchers see every change.
/// </summary>
public sealed class HealthServiceRegistry
{
    private readonly object _lock = new();
    private readonly Dictionary<string, ServingStatus> _statuses = new(StringComparer.Ordinal) { [""] = ServingStatus.Serving };
    private readonly Dictionary<string, List<ChannelWriter<ServingStatus>>> _watchers = new(StringComparer.Ordinal);

    public void SetStatus(string service, ServingStatus status)
    {
        lock (_lock)
        {
            _statuses[service] = status;
            Notify(service, status);
        }
    }

    /// <summary>Forgets a service: Check answers NOT_FOUND and watchers see SERVICE_UNKNOWN.</summary>
    public void ClearStatus(string service)
    {
        lock (_lock)
        {
            if (_statuses.Remove(service)) Notify(service, ServingStatus.ServiceUnknown);
        }
    }

    public bool TryGetStatus(string service, out ServingStatus status)
    {
        lock (_lock) return _statuses.TryGetValue(service, out status);
    }

    /// <summary>
    /// Watches one service: the reader yields its current status first (SERVICE_UNKNOWN when not known),
    /// then each change. Dispose the returned handle to stop.
    /// </summary>
    public HealthWatch Watch(string service)
    {
        // Only the latest status matters to a watcher: a slow one skips intermediate states.
        var channel = Channel.CreateBounded<ServingStatus>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropOldest });
        lock (_lock)
        {
            channel.Writer.TryWrite(_statuses.TryGetValue(service, out var status) ? status : ServingStatus.ServiceUnknown);
            if (!_watchers.TryGetValue(service, out var list)) _watchers[service] = list = new();
            list.Add(channel.Writer);
        }
        return new HealthWatch(channel.Reader, () =>
        {
            lock (_lock)
            {
                if (_watchers.TryGetValue(service, out var list) && list.Remove(channel.Writer) && list.Count == 0) _watchers.Remove(service);
            }
            channel.Writer.TryComplete();
        });
    }

    private void Notify(string service, ServingStatus status)
    {
        if (_watchers.TryGetValue(service, out var list))
            foreach (var writer in list) writer.TryWrite(status);
    }
}

/// <summary>A subscription to one service's status; see <see cref="HealthServiceRegistry.Watch"/>.</summary>
public sealed class HealthWatch(ChannelReader<ServingStatus> reader, Action stop) : IDisposable
{
    public ChannelReader<ServingStatus> Reader { get; } = reader;
    public void Dispose() => stop();
}
