using Greentic.Cli.Client;
using Greentic.ControlPlane.Hosting;
using Greentic.ControlPlane.Supervision;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Spectre.Console;

namespace Greentic.Cli.Up;

/// <summary>
/// What a started control plane prints last, so nothing scrolls it away: the endpoint table, the dev token and where it
/// is kept, and a short "try this" block (one invoke, one secret), then how to stop.
/// </summary>
internal static class StartBanner
{
    public const string ReadyLine = "Press Ctrl+C to stop.";

    public static Endpoints Endpoints(IServiceProvider services, ControlPlaneRunOptions run)
    {
        var options = services.GetRequiredService<IOptions<ControlPlaneOptions>>().Value;
        var sidecars = services.GetRequiredService<SidecarSupervisor>().Configured
            .Select(s => new SidecarEndpoint(s.Name, s.Address, s.Name == DesktopConfiguration.SidecarName ? "messaging.dummy" : "providers"))
            .ToList();
        return new Endpoints(options.GrpcAddress, options.HttpAddress, run.DataDir, run.Dev?.TokenFile, sidecars);
    }

    public static void Write(IAnsiConsole console, Endpoints endpoints, SidecarSupervisor supervisor, ControlPlaneRunOptions run)
    {
        var states = supervisor.Configured.ToDictionary(s => s.Name, Words);
        EndpointTable.Write(console, endpoints, states);
        if (run.Dev is { } dev)
        {
            console.MarkupLine($"Dev token (tenant [bold]{DesktopDefaults.DemoTenant}[/], role admin), kept in {Markup.Escape(dev.TokenFile)}:");
            console.WriteLine(File.ReadAllText(dev.TokenFile));
            console.WriteLine();
            console.MarkupLine("[bold]Try this[/] (the commands find the token in the data folder):");
            var (greentic, options) = Command(endpoints, dev);
            console.WriteLine($"  {greentic} invoke messaging.dummy send_payload '{{\"v\":1,\"payload\":{{\"text\":\"hi\"}}}}'{options}");
            console.WriteLine($"  {greentic} secrets set dummy/api_token s3cret{options}");
            console.WriteLine($"  {greentic} status{options}");
            if (dev.RoutesWarning is { } warning) console.MarkupLineInterpolated($"[yellow]note:[/] {warning}");
        }
        console.WriteLine(ReadyLine);
    }

    /// <summary>How to call the greentic command from here, and the options (after the verb) this start needs.</summary>
    private static (string Command, string Options) Command(Endpoints endpoints, DesktopDefaults dev)
    {
        var command = File.Exists("greentic") ? "./greentic" : "greentic";
        var dataDir = Path.GetFullPath(dev.DataDir) == Path.GetFullPath(TokenResolver.DefaultDataDir) ? "" : $" --data-dir {Quote(dev.DataDir)}";
        var address = endpoints.Grpc == ClientOptions.DefaultAddress ? "" : $" --address {Quote(endpoints.Grpc)}";
        return (command, address + dataDir);
    }

    private static string Quote(string value) => value.Any(c => char.IsWhiteSpace(c) || c is '\'' or '"' or '$' or '\\') ? $"'{value.Replace("'", "'\\''")}'" : value;

    private static string Words(SidecarState s) => s.Phase switch
    {
        SidecarPhase.Serving => $"serving, pid {s.ProcessId}",
        SidecarPhase.Restarting => $"restarting: {s.LastExit}",
        _ => s.Phase.ToString().ToLowerInvariant(),
    };
}
