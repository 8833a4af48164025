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
        var gatewayHttp = new Option<string>("--gateway-http") { Description = "Gateway address for webhooks and admin (HTTP/1.1)", DefaultValueFactory = _ => "http://127.0.0.1:8080" };
        var gatewayGrpc = new Option<string>("--gateway-grpc") { Description = "Gateway address proxying gRPC to the control plane (h2c)", DefaultValueFactory = _ => "http://127.0.0.1:8081" };
        var noGateway = new Option<bool>("--no-gateway") { Description = "Do not start the ingress gateway" };
        var command = new Command("up",
            "Run the control plane on embedded defaults: SQLite state, file secrets, tenant 'demo', a dev token issuer, a supervised sample sidecar, the ingress gateway")
        {
            dataDir, grpc, http, noSidecar, verbose, gatewayHttp, gatewayGrpc, noGateway,
        };
        command.SetAction((parse, ct) => RunAsync(parse.GetValue(dataDir)!, parse.GetValue(grpc)!, parse.GetValue(http)!, !parse.GetValue(noSidecar),
            parse.GetValue(verbose), parse.GetValue(noGateway) ? null : new GatewayAddresses(parse.GetValue(gatewayHttp)!, parse.GetValue(gatewayGrpc)!), ct));
        return command;
    }

    private static async Task<int> RunAsync(string dataDir, string grpc, string http, bool sidecar, bool verbose, GatewayAddresses? gateway,
        CancellationToken cancellationToken)
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
        return await ControlPlaneRun.RunAsync(new ControlPlaneRunOptions("greentic up", settings, defaults, RequireJwtKeySource: false, dataDir)
            { Gateway = gateway }, cancellationToken);
    }
}
