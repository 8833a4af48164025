using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Greentic.ControlPlane.Telemetry;

/// <summary>
/// Exports the control plane's traces and metrics over OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set (the
/// standard OTEL_* variables apply: protocol, headers, service name). Without it nothing is exported and the
/// spans cost only what an unobserved ActivitySource costs. OpenTelemetry.Extensions.Hosting is not in our
/// registry, so the providers are built with the SDK and disposed with the host.
/// </summary>
internal sealed class OpenTelemetrySetup(IConfiguration configuration) : IHostedService, IDisposable
{
    private TracerProvider? _tracer;
    private MeterProvider? _meter;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var endpoint = configuration["OTEL_EXPORTER_OTLP_ENDPOINT"];
        if (string.IsNullOrEmpty(endpoint)) return Task.CompletedTask;
        var protocol = configuration["OTEL_EXPORTER_OTLP_PROTOCOL"] == "http/protobuf" ? OtlpExportProtocol.HttpProtobuf : OtlpExportProtocol.Grpc;
        var resource = ResourceBuilder.CreateDefault().AddService(configuration["OTEL_SERVICE_NAME"] ?? "greentic-control-plane");
        _tracer = Sdk.CreateTracerProviderBuilder()
            .SetResourceBuilder(resource)
            .AddSource(ControlPlaneTelemetry.SourceName)
            .AddOtlpExporter(o => { o.Endpoint = new Uri(endpoint); o.Protocol = protocol; })
            .Build();
        _meter = Sdk.CreateMeterProviderBuilder()
            .SetResourceBuilder(resource)
            .AddMeter(ControlPlaneTelemetry.SourceName)
            .AddOtlpExporter(o => { o.Endpoint = new Uri(endpoint); o.Protocol = protocol; })
            .Build();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _tracer?.ForceFlush(2000);
        _meter?.ForceFlush(2000);
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _tracer?.Dispose();
        _meter?.Dispose();
    }
}
