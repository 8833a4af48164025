namespace Greentic.ControlPlane.Drain;

/// <summary>Whether this replica is on its way out (set once, at SIGTERM).</summary>
public sealed class DrainState
{
    private volatile bool _draining;

    public bool IsDraining => _draining;

    internal void Begin() => _draining = true;
}
