namespace Greentic.ControlPlane.Drain;

/// <summary>
/// <c>Greentic:ControlPlane:Drain</c>: what SIGTERM does. Kubernetes' <c>terminationGracePeriodSeconds</c> must exceed
/// <see cref="Delay"/> + <see cref="GracePeriod"/>.
/// </summary>
public sealed class DrainOptions
{
    public const string SectionName = "Greentic:ControlPlane:Drain";

    /// <summary>
    /// How long the replica keeps serving while reporting NOT_SERVING on gRPC health, before it stops accepting calls:
    /// at least the gateway's (and the kubelet's readiness) probe interval, so they eject it before its listener closes.
    /// </summary>
    public TimeSpan Delay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long calls in flight may run on after the listener closed; calls still running then are cut.</summary>
    public TimeSpan GracePeriod { get; set; } = TimeSpan.FromSeconds(30);
}
