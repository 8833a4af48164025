namespace Greentic.ControlPlane.Tests.Health;

/// <summary>
/// A control plane whose health has something to report: a routing policy that does not load until a test fixes it,
/// a supervised sidecar <c>x</c> whose program does not exist (so it never runs), and health published every second.
/// </summary>
public sealed class HealthControlPlane : InProcessControlPlane
{
    public const string BrokenRoutes = "version: 1\nrules:\n  - name: r\n    binding: { transport: inproc, target: echo, timeout: forever }\n";

    public string RoutesFile => Path.Combine(Dir, "routes", "routes.yaml");

    protected override string RoutesYaml => BrokenRoutes;

    protected override Task ConfigureAsync(Dictionary<string, string?> settings)
    {
        settings["Greentic:Health:Period"] = "00:00:01";
        settings["Greentic:Routing:PollInterval"] = "00:00:00.200";
        settings["Greentic:Sidecars:x:Command"] = Path.Combine(Dir, "no-such-sidecar");
        settings["Greentic:Sidecars:x:Address"] = "unix://" + Path.Combine(Dir, "x.sock");
        settings["Greentic:Sidecars:x:MinBackoff"] = "00:00:05";
        return Task.CompletedTask;
    }
}
