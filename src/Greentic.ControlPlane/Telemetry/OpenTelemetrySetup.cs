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
    private const string AspNetCoreSourceName = "Microsoft.AspNetCore";
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
            // ASP.NET Core's own server span is the parent of ours. Left unsampled, it would make the parent-based
            // sampler drop every provider span; sampled, it also carries a caller's incoming W3C context.
            .AddSource(AspNetCoreSourceName)
            .AddOtlpExporter(o => { o.Endpoint = SignalEndpoint(endpoint, protocol, "v1/traces"); o.Protocol = protocol; })
            .Build();
        _meter = Sdk.CreateMeterProviderBuilder()
            .SetResourceBuilder(resource)
            .AddMeter(ControlPlaneTelemetry.SourceName)
            .AddOtlpExporter(o => { o.Endpoint = SignalEndpoint(endpoint, protocol, "v1/metrics"); o.Protocol = protocol; })
            .Build();
        return Task.CompletedTask;
    }

    /// <summary>
    /// OTEL_EXPORTER_OTLP_ENDPOINT is a base address: over http/protobuf each signal goes to its own path under it
    /// (<c>v1/traces</c>, <c>v1/metrics</c>). The SDK appends those only when it reads the variable itself; an
    /// endpoint set in code is used as given, so without this traces and metrics would both be posted to the base.
    /// </summary>
    internal static Uri SignalEndpoint(string endpoint, OtlpExportProtocol protocol, string signalPath)
    {
        var uri = new Uri(endpoint);
        if (protocol != OtlpExportProtocol.HttpProtobuf) return uri;
        var baseUri = uri.AbsoluteUri.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");
        return new Uri(baseUri, signalPath);
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
