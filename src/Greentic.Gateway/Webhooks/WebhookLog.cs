using Microsoft.Extensions.Logging;

namespace Greentic.Gateway.Webhooks;

/// <summary>Webhook log lines. Reasons are the verdicts' texts, which never contain a secret or a signature.</summary>
internal static partial class WebhookLog
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Warning, Message = "{Adapter} webhook for tenant {Tenant} refused with {Status}: {Reason}")]
    public static partial void Refused(ILogger logger, string adapter, string tenant, int status, string reason);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "{Adapter} webhook for tenant {Tenant}: delivery {DeliveryId} already {State}; not dispatched again")]
    public static partial void Duplicate(ILogger logger, string adapter, string tenant, string deliveryId, string state);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Information,
        Message = "{Adapter} webhook for tenant {Tenant} dispatched to {Provider} ({Path}): HTTP {Status}, {Events} event(s)")]
    public static partial void Dispatched(ILogger logger, string adapter, string tenant, string provider, string path, int status, int events);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Error, Message = "{Adapter} webhook for tenant {Tenant} failed ({Status}): {Reason}")]
    public static partial void Failed(ILogger logger, string adapter, string tenant, int status, string reason);
}
