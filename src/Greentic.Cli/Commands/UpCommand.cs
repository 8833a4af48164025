using System.CommandLine;
using Greentic.Cli.Client;
using Greentic.Cli.Up;

namespace Greentic.Cli.Commands;

/// <summary><c>greentic up</c>: the control plane on embedded desktop defaults (dev issuer, demo data), until Ctrl+C.</summary>
internal static class UpCommand
{
    public static Command Create()
    {
        var dataDir = new Option<string>("--data-dir") { Description = "Folder for keys, state, secrets and routes", DefaultValueFactory = _ => ".greentic" };
        var grpc = new Option<string>("--grpc") { Description = "gRPC (h2c) address", DefaultValueFactory = _ => "http://127.0.0.1:7878" };
        var http = new Option<string>("--http") { Description = "HTTP address for /healthz and /admin", DefaultValueFactory = _ => "http://127.0.0.1:7879" };
        var noSidecar = new Option<bool>("--no-sidecar") { Description = "Do not start the sample sidecar (messaging.dummy then runs in-process)" };
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Log every request and health probe (default: Greentic's own events, warnings and errors)" };
        var command = new Command("up", "Run the control plane on embedded defaults: SQLite state, file secrets, tenant 'demo', a dev token issuer, a supervised sample sidecar")
        {
            dataDir, grpc, http, noSidecar, verbose,
        };
        command.SetAction((parse, ct) => RunAsync(parse.GetValue(dataDir)!, parse.GetValue(grpc)!, parse.GetValue(http)!, !parse.GetValue(noSidecar),
            parse.GetValue(verbose), ct));
        return command;
    }

    private static async Task<int> RunAsync(string dataDir, string grpc, string http, bool sidecar, bool verbose, CancellationToken cancellationToken)
    {
        dataDir = Path.GetFullPath(dataDir);
        OwnerOnlyFiles.CreateDirectory(dataDir);
        using var dataLock = DataDirLock.TryAcquire(dataDir);
        if (dataLock is null)
        {
            await Console.Error.WriteLineAsync(
                $"greentic up could not start: another 'greentic up' is using {dataDir}; stop it, or give this one its own --data-dir");
            return ExitCodes.CallFailed;
        }
        var defaults = await DesktopDefaults.PrepareAsync(dataDir, sidecar, cancellationToken);
        var settings = DesktopConfiguration.Build(defaults, grpc, http, sidecar, verbose);
        return await ControlPlaneRun.RunAsync(new ControlPlaneRunOptions("greentic up", settings, defaults, RequireJwtKeySource: false, dataDir),
            cancellationToken);
    }
}
