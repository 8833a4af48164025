using System.Diagnostics;
using Greentic.ControlPlane.Tenancy;
using Grpc.Core;
using Greentic.Telemetry.V1;
using Microsoft.Extensions.Logging;

namespace Greentic.ControlPlane.Services;

/// <summary>
/// <c>greentic.telemetry.v1.TelemetryService</c>: a provider's structured log line, written to the control
/// plane's log and to the current trace as an event, under the caller's authorized tenant. Values of fields
/// whose names look like credentials are replaced, so a provider cannot leak a secret into the logs by
/// accident.
/// </summary>
public sealed partial class TelemetryServiceImpl(ILogger<TelemetryServiceImpl> logger) : TelemetryService.TelemetryServiceBase
{
    private const int MaxFields = 64;
    private const int MaxValueLength = 4096;
    private static readonly string[] SensitiveMarkers = ["secret", "token", "password", "passwd", "authorization", "api_key", "apikey", "credential", "private"];

    public override Task<LogResponse> Log(LogRequest request, ServerCallContext context)
    {
        var call = context.Authorized();
        if (request.Fields.Count > MaxFields)
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"a log line may carry at most {MaxFields} fields (got {request.Fields.Count})"));
        var fields = request.Fields.Select(f => new KeyValuePair<string, object?>(f.Key, Sanitize(f.Key, f.Value))).ToList();
        var span = request.Span ?? new Types.V1.SpanContext();
        using (logger.BeginScope(fields))
            LogProviderLine(logger, call.Tenant.Tenant, span.Provider, span.FlowId, span.NodeId ?? "", fields.Count);
        Activity.Current?.AddEvent(new ActivityEvent("provider.log", tags: new ActivityTagsCollection(fields)));
        return Task.FromResult(new LogResponse());
    }

    internal static string Sanitize(string key, string value)
    {
        var lower = key.ToLowerInvariant();
        if (SensitiveMarkers.Any(lower.Contains)) return "[redacted]";
        return value.Length <= MaxValueLength ? value : value[..MaxValueLength] + "…";
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Provider log: tenant {Tenant} provider {Provider} flow {Flow} node {Node} ({FieldCount} fields)")]
    private static partial void LogProviderLine(ILogger logger, string tenant, string provider, string flow, string node, int fieldCount);
}
