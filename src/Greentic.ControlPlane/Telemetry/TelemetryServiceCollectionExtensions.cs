using Greentic.ControlPlane.Telemetry;
using Microsoft.Extensions.Configuration;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.DependencyInjection;

public static class TelemetryServiceCollectionExtensions
{
    /// <summary>
    /// OpenTelemetry tracing and metrics: the control plane's own source and meter (every provider call one span and
    /// one measurement, tagged tenant/team/user/provider/capability/op/transport) plus ASP.NET Core, gRPC client and
    /// HttpClient instrumentation. W3C trace context reaches sidecars and remotes through the gRPC client's HTTP
    /// request. Exported over OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set (the standard OTEL_* variables apply);
    /// otherwise nothing is exported.
    /// </summary>
    public static IServiceCollection AddGreenticTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var otel = services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(configuration["OTEL_SERVICE_NAME"] ?? "greentic-control-plane"))
            .WithTracing(t => t
                .AddSource(ControlPlaneTelemetry.SourceName)
                .AddAspNetCoreInstrumentation()
                .AddGrpcClientInstrumentation()
                .AddHttpClientInstrumentation())
            .WithMetrics(m => m
                .AddMeter(ControlPlaneTelemetry.SourceName)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation());
        if (!string.IsNullOrEmpty(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"])) otel.UseOtlpExporter();
        return services;
    }
}
