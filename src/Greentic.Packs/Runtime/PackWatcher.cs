using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Greentic.Packs.Runtime;

/// <summary>Reloads packs at start and then every PACK_REFRESH_INTERVAL (0 = once at start only).</summary>
public sealed partial class PackWatcher : BackgroundService
{
    private readonly PackRuntimeManager _manager;
    private readonly PacksOptions _options;
    private readonly ILogger<PackWatcher> _log;
    private readonly TimeProvider _time;

    public PackWatcher(PackRuntimeManager manager, IOptions<PacksOptions> options, ILogger<PackWatcher> log, TimeProvider? time = null)
    {
        _manager = manager;
        _options = options.Value;
        _log = log;
        _time = time ?? TimeProvider.System;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (string.IsNullOrWhiteSpace(_options.IndexLocation))
        {
            LogNoIndex(_log);
            return;
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            try { await _manager.ReloadAsync(stoppingToken); }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { return; }
            catch (Exception ex) { LogUnexpected(_log, ex); } // never let the host die over one bad reload
            if (_options.RefreshInterval <= TimeSpan.Zero) return;
            try { await Task.Delay(_options.RefreshInterval, _time, stoppingToken); }
            catch (OperationCanceledException) { return; }
        }
    }

    [LoggerMessage(EventId = 11, Level = LogLevel.Error, Message = "Pack watcher: unexpected reload failure")]
    private static partial void LogUnexpected(ILogger log, Exception ex);

    [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "No pack index configured (PACK_INDEX_URL / PACK_SOURCE); pack watcher idle")]
    private static partial void LogNoIndex(ILogger log);
}
