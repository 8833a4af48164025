namespace Greentic.ControlPlane.Tests.Security;

/// <summary>An <see cref="InProcessControlPlane"/> with ADMIN_TOKEN set, so the admin surface wants its bearer from everyone.</summary>
public sealed class AdminTokenControlPlane : InProcessControlPlane
{
    public const string AdminToken = "sweep-admin-token-3c9e";

    protected override Task ConfigureAsync(Dictionary<string, string?> settings)
    {
        settings["ADMIN_TOKEN"] = AdminToken;
        return Task.CompletedTask;
    }
}
