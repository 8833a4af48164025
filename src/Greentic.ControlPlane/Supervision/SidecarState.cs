namespace Greentic.ControlPlane.Supervision;

/// <summary>What the supervisor knows of one sidecar, for status displays and tests.</summary>
public sealed record SidecarState(string Name, int? ProcessId, bool Healthy, int Restarts, string? LastExit);
