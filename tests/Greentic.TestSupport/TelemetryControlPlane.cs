using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Greentic.TestSupport;

/// <summary>
/// An <see cref="InProcessControlPlane"/> exporting traces and metrics over OTLP/HTTP protobuf to
/// <paramref name="otlpEndpoint"/>, with the given routes, and every log entry (Trace and up) sent to
/// <paramref name="logs"/> when given. <see cref="FlushTelemetry"/> exports what has been recorded so far.
/// </summary>
public sealed class TelemetryControlPlane(string routesYaml, string otlpEndpoint, ILoggerProvider? logs = null) : InProcessControlPlane
{
    protected override string RoutesYaml => routesYaml;

    protected override Task ConfigureAsync(Dictionary<string, string?> settings)
    {
        settings["OTEL_EXPORTER_OTLP_ENDPOINT"] = otlpEndpoint;
        settings["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf";
        settings["OTEL_SERVICE_NAME"] = "greentic-telemetry-test";
        return Task.CompletedTask;
    }

    protected override void ConfigureLogging(ILoggingBuilder logging)
    {
        if (logs is null) return;
        logging.AddProvider(logs);
        logging.SetMinimumLevel(LogLevel.Trace);
    }

    /// <summary>Exports every span ended and every metric recorded so far, and waits until the receiver has them.</summary>
    public void FlushTelemetry()
    {
        Assert.True(Services.GetRequiredService<TracerProvider>().ForceFlush(30_000), "the trace exporter did not flush within 30 s");
        Assert.True(Services.GetRequiredService<MeterProvider>().ForceFlush(30_000), "the metric exporter did not flush within 30 s");
    }
}
