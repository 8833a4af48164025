using System.Globalization;

namespace Greentic.ControlPlane.Supervision;

/// <summary>Where a supervised sidecar is in its life.</summary>
public enum SidecarPhase
{
    /// <summary>Its process runs; it has not yet answered a health check.</summary>
    Starting,
    /// <summary>Its process runs and answers its health checks.</summary>
    Serving,
    /// <summary>Its process runs but fails its health checks (restarted after a few).</summary>
    Unhealthy,
    /// <summary>No process runs: it exited or could not start, and the supervisor waits before the next start.</summary>
    Restarting,
}

/// <summary>What the supervisor knows of one sidecar, for errors, status displays and tests.</summary>
/// <param name="Address">Where it serves ProviderService, as configured (<c>unix:///path</c> or <c>http://127.0.0.1:port</c>).</param>
/// <param name="Restarts">How many times it has been started again.</param>
/// <param name="LastExit">Why it last stopped; null before the first restart.</param>
/// <param name="NextStart">While <see cref="SidecarPhase.Restarting"/>: when the next start is due.</param>
public sealed record SidecarState(
    string Name, string Address, SidecarPhase Phase, int? ProcessId, int Restarts, string? LastExit, DateTimeOffset? NextStart = null)
{
    public bool Healthy => Phase == SidecarPhase.Serving;

    /// <summary>One sentence for people: <c>sidecar 'dummy' at unix:///…/sidecar.sock is restarting (attempt 3, next in 2 s)</c>.</summary>
    public string Describe(DateTimeOffset now)
    {
        var who = $"sidecar '{Name}' at {Address}";
        return Phase switch
        {
            SidecarPhase.Serving => $"{who} is serving (pid {ProcessId})",
            SidecarPhase.Starting => $"{who} is starting (pid {ProcessId}, attempt {Restarts + 1})",
            SidecarPhase.Unhealthy => $"{who} is not answering its health checks (pid {ProcessId})",
            _ => $"{who} is restarting (attempt {Restarts + 1}, next in {Left(now)}){(LastExit is null ? "" : $"; last stop: {LastExit}")}",
        };
    }

    private string Left(DateTimeOffset now)
    {
        var left = NextStart is { } next && next > now ? next - now : TimeSpan.Zero;
        return left.TotalSeconds >= 1
            ? string.Create(CultureInfo.InvariantCulture, $"{Math.Ceiling(left.TotalSeconds):0} s")
            : string.Create(CultureInfo.InvariantCulture, $"{Math.Ceiling(left.TotalMilliseconds):0} ms");
    }
}
