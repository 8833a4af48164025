using System.CommandLine;
using Greentic.Gateway.Hosting;
using Microsoft.Extensions.Hosting;

namespace Greentic.Cli.Commands;

/// <summary>
/// <c>greentic gateway</c>: the ingress gateway (YARP) from configuration — <c>Greentic:Gateway</c> in appsettings.json,
/// environment variables (<c>Greentic__Gateway__…</c>) or <c>--Greentic:Gateway:…=value</c> arguments — until SIGTERM.
/// </summary>
internal static class GatewayCommand
{
    public static Command Create()
    {
        var settings = new Argument<string[]>("settings") { Description = "Configuration overrides: --Greentic:Gateway:Key=value", Arity = ArgumentArity.ZeroOrMore };
        var command = new Command("gateway", "Run the ingress gateway: gRPC proxy to control-plane replicas with health checks and retries, platform webhooks")
        {
            settings,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (parse, ct) =>
        {
            var args = parse.GetValue(settings) ?? [];
            await using var app = GatewayHost.Build([.. args, .. parse.UnmatchedTokens]);
            await app.StartAsync(ct);
            await app.WaitForShutdownAsync(ct);
            return 0;
        });
        return command;
    }
}
