using System.CommandLine;
using Greentic.Cli.Up;

namespace Greentic.Cli.Commands;

/// <summary>
/// <c>greentic serve</c>: the production start — the control plane from configuration only (appsettings.json next to
/// the binary, <c>Greentic__*</c> and the upstream environment variables), with no embedded defaults, no dev issuer and
/// no demo data. It refuses to start without a JWT key source. <c>--dev</c> adds the data folder's dev issuer and demo
/// secret, as <c>up</c> has them.
/// </summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var dev = new Option<bool>("--dev") { Description = "Also trust a local dev token issuer (kept in --data-dir) and seed the demo secret" };
        var dataDir = new Option<string>("--data-dir") { Description = "With --dev: where the dev issuer and token are kept", DefaultValueFactory = _ => ".greentic" };
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Log every request and health probe" };
        var command = new Command("serve", "Run the control plane from configuration only (production): no embedded defaults, no dev issuer unless --dev")
        {
            dev, dataDir, verbose,
        };
        command.SetAction((parse, ct) => RunAsync(parse.GetValue(dev), parse.GetValue(dataDir)!, parse.GetValue(verbose), ct));
        return command;
    }

    private static async Task<int> RunAsync(bool dev, string dataDir, bool verbose, CancellationToken cancellationToken)
    {
        var settings = new Dictionary<string, string?>(LogLevels.ControlPlane(verbose));
        DesktopDefaults? defaults = null;
        if (dev)
        {
            defaults = await DesktopDefaults.PrepareAuthAsync(dataDir, cancellationToken);
            foreach (var (key, value) in DesktopConfiguration.DevAuth(defaults)) settings[key] = value;
        }
        return await ControlPlaneRun.RunAsync(
            new ControlPlaneRunOptions("greentic serve", settings, defaults, RequireJwtKeySource: true, defaults?.DataDir), cancellationToken);
    }
}
