using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Greentic.ControlPlane.Events;

/// <summary>Applies the retention policy (<see cref="EventLogOptions.MaxAge"/>, <see cref="EventLogOptions.MaxEventsPerTenant"/>) every <see cref="EventLogOptions.TrimInterval"/>.</summary>
internal sealed class EventLogTrimService(IEventLog log, IOptionsMonitor<EventLogOptions> options, TimeProvider time, ILogger<EventLogTrimService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(options.CurrentValue.TrimInterval, time, stoppingToken);
                var deleted = await log.TrimAsync(options.CurrentValue.Retention, stoppingToken);
                if (deleted > 0) EventsLog.Trimmed(logger, deleted);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (EventLogException e)
            {
                EventsLog.TrimFailed(logger, e);
            }
        }
    }
}
