using System.CommandLine;
using Greentic.Gateway.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Spectre.Console;

namespace Greentic.Cli.Commands;

/// <summary>
/// <c>greentic gateway [--config FILE] [--Greentic:Gateway:KEY=VALUE …]</c>: the ingress gateway (<see cref="GatewayHost.Build"/>)
/// from configuration — appsettings.json, environment variables (<c>Greentic__Gateway__…</c>), an optional JSON file,
/// then <c>--KEY=VALUE</c> arguments — until Ctrl+C.
/// </summary>
internal static class GatewayCommand
{
    public static Command Create()
    {
        var config = new Option<string?>("--config") { Description = "A JSON configuration file (the Greentic:Gateway section; see src/Greentic.Gateway/README.md)" };
        var command = new Command("gateway", "Run the ingress gateway: webhooks (verify, dedupe, ingest_http, events) and the gRPC proxy to the control plane")
        {
            config,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction((parse, ct) => RunAsync(parse.GetValue(config), parse.UnmatchedTokens.ToArray(), ct));
        return command;
    }

    private static async Task<int> RunAsync(string? configFile, string[] args, CancellationToken cancellationToken)
    {
        if (configFile is not null && !File.Exists(configFile))
        {
            await Console.Error.WriteLineAsync($"error: configuration file '{configFile}' does not exist");
            return 2;
        }
        await using var app = GatewayHost.Build(args, b =>
        {
            if (configFile is not null) b.Configuration.AddJsonFile(Path.GetFullPath(configFile), optional: false, reloadOnChange: true);
            b.Configuration.AddCommandLine(args);
        });
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch (IOException e)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]greentic gateway could not start:[/] {e.Message} (choose other addresses with --Greentic:Gateway:Listen:0:Url=…)");
            return 1;
        }
        foreach (var url in app.Urls) AnsiConsole.MarkupLineInterpolated($"gateway listening on [bold]{url}[/]");
        await app.WaitForShutdownAsync(cancellationToken);
        return 0;
    }
}
