using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Greentic.ControlPlane.Telemetry;

/// <summary>
/// The control plane's traces and metrics. Every provider call is one span and one measurement, tagged
/// with tenant, team, user, provider, capability, op and transport (the tag names below).
/// </summary>
public static class ControlPlaneTelemetry
{
    public const string SourceName = "Greentic.ControlPlane";

    public static readonly ActivitySource Source = new(SourceName, "1.0.0");
    public static readonly Meter Meter = new(SourceName, "1.0.0");

    public static readonly Counter<long> ProviderCalls = Meter.CreateCounter<long>("greentic.provider.calls", description: "Provider calls, by outcome");
    public static readonly Histogram<double> ProviderDuration = Meter.CreateHistogram<double>("greentic.provider.duration", unit: "ms", description: "Provider call duration");

    public const string Tenant = "greentic.tenant";
    public const string Team = "greentic.team";
    public const string User = "greentic.user";
    public const string Provider = "greentic.provider";
    public const string Capability = "greentic.capability";
    public const string Op = "greentic.op";
    public const string Transport = "greentic.transport";
    public const string Route = "greentic.route";
    public const string Status = "rpc.grpc.status_code";
}
