namespace Greentic.ControlPlane.Supervision;

/// <summary>
/// Local sidecar processes the control plane runs itself (desktop mode), bound from <c>Greentic:Sidecars</c>:
/// <code>
/// "Greentic": { "Sidecars": { "dummy": {
///     "Command": "dotnet", "Args": [ "greentic-sidecar.dll", "--listen", "unix:///tmp/dummy.sock" ],
///     "Address": "unix:///tmp/dummy.sock", "Environment": { "GREENTIC_SIDECAR_TOKEN": "…" } } } }
/// </code>
/// </summary>
public sealed class SidecarSupervisorOptions
{
    public const string SectionName = "Greentic:Sidecars";

    public Dictionary<string, SupervisedSidecar> Sidecars { get; set; } = new(StringComparer.Ordinal);
}

public sealed class SupervisedSidecar
{
    public string Command { get; set; } = "";
    public List<string> Args { get; set; } = [];

    /// <summary>Where the sidecar serves gRPC; health checks go there (<c>grpc.health.v1.Health/Check</c>).</summary>
    public string Address { get; set; } = "";

    public Dictionary<string, string> Environment { get; set; } = new(StringComparer.Ordinal);
    public string? WorkingDirectory { get; set; }

    public TimeSpan HealthInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Consecutive failed health checks after which a running sidecar is restarted.</summary>
    public int UnhealthyThreshold { get; set; } = 3;

    /// <summary>
    /// How long a new process may take to answer its first health check before failed checks count against it: a
    /// runtime starting on a busy machine is slow, not unhealthy, and restarting it would only start it again.
    /// </summary>
    public TimeSpan StartGrace { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan MinBackoff { get; set; } = TimeSpan.FromMilliseconds(250);
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(30);
}
