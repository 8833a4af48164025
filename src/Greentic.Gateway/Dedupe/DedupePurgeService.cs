using Greentic.Gateway.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Greentic.Gateway.Dedupe;

/// <summary>Deletes expired dedupe entries every <c>Dedupe:PurgeInterval</c>.</summary>
internal sealed class DedupePurgeService(IDedupeStore store, IOptionsMonitor<GatewayOptions> options, TimeProvider time, ILogger<DedupePurgeService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await Task.Delay(options.CurrentValue.Dedupe.PurgeInterval, time, stoppingToken).ConfigureAwait(false);
                try
                {
                    var purged = await store.PurgeExpiredAsync(stoppingToken).ConfigureAwait(false);
                    if (purged > 0) GatewayLog.DedupePurged(logger, purged, store.Description);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    GatewayLog.DedupePurgeFailed(logger, store.Description, ex.Message);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
