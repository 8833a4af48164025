namespace Greentic.ControlPlane.Tests.Errors;

/// <summary>
/// A control plane for the status-details tests: the sample providers in-process, a route to a sidecar socket nobody
/// listens on (one attempt per call, a breaker that opens after two failures for 30 s), and a 64 KiB message limit.
/// </summary>
public sealed class StatusDetailsControlPlane : InProcessControlPlane
{
    public const int MaxMessageSize = 64 * 1024;
    public const string DeadRoute = "dead-sidecar";

    protected override string RoutesYaml => Routes + $$"""

          - name: {{DeadRoute}}
            match: { provider_type: messaging.dead }
            binding:
              transport: sidecar
              target: unix://{{Path.Combine(Dir, "nobody-listens.sock")}}
              timeout: 5s
              retry: { max_attempts: 1 }
              breaker: { failure_ratio: 0.5, min_throughput: 2, break_duration: 30s }
        """;

    protected override Task ConfigureAsync(Dictionary<string, string?> settings)
    {
        settings["Greentic:ControlPlane:MaxMessageSize"] = MaxMessageSize.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Task.CompletedTask;
    }
}
