using Greentic.Cli.Up;
using Greentic.ControlPlane.Auth;
using Greentic.Gateway.Hosting;
using Greentic.Gateway.Webhooks;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Spectre.Console;

namespace Greentic.Cli.Commands;

/// <summary>
/// The gateway <c>greentic up</c> starts beside the control plane, in the same process: one Ctrl+C, one log, nothing
/// to supervise, and still the production boundary — the gateway reaches the control plane only over its gRPC address,
/// with a service token (role <c>gateway</c>, tenant demo) minted from the dev issuer and kept in the data folder.
/// Embedded defaults sit under appsettings.json and the environment, as for the control plane.
/// </summary>
internal static class DesktopGateway
{
    /// <returns>The running gateway, or null (with the reason printed) when its addresses are taken: the control plane runs on.</returns>
    public static async Task<WebApplication?> StartAsync(DesktopDefaults d, string controlPlaneGrpc, string webhooks, string grpcProxy, CancellationToken cancellationToken)
    {
        var tokenFile = Path.Combine(d.DataDir, "gateway-token.txt");
        await File.WriteAllTextAsync(tokenFile, d.Issuer.Issue(new DevTokenRequest
        {
            Subject = "greentic-gateway", Tenants = [DesktopDefaults.DemoTenant], Roles = [GreenticRoles.Gateway], Lifetime = TimeSpan.FromDays(30),
        }), cancellationToken);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(tokenFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var settings = new Dictionary<string, string?>
        {
            ["Greentic:Gateway:DefaultTenant"] = DesktopDefaults.DemoTenant,
            ["Greentic:Gateway:Listen:0:Url"] = webhooks,
            ["Greentic:Gateway:Listen:0:Protocols"] = "Http1",
            ["Greentic:Gateway:Listen:1:Url"] = grpcProxy,
            ["Greentic:Gateway:Listen:1:Protocols"] = "Http2",
            ["Greentic:Gateway:ControlPlane:Address"] = controlPlaneGrpc,
            ["Greentic:Gateway:ControlPlane:ServiceTokenFile"] = tokenFile,
            ["Greentic:Gateway:Dedupe:SqlitePath"] = Path.Combine(d.DataDir, "gateway-dedupe.db"),
        };
        var app = GatewayHost.Build([], b =>
        {
            var sources = b.Configuration.Sources.ToList();
            b.Configuration.Sources.Clear();
            b.Configuration.AddInMemoryCollection(settings);
            foreach (var source in sources) b.Configuration.Sources.Add(source);
        });
        try
        {
            await app.StartAsync(cancellationToken);
            return app;
        }
        catch (IOException e)
        {
            await app.DisposeAsync();
            AnsiConsole.MarkupLineInterpolated($"[yellow]the gateway did not start:[/] {e.Message} (choose other addresses with --gateway-http and --gateway-grpc, or pass --no-gateway)");
            return null;
        }
    }

    public static void Print(string webhooks, string grpcProxy)
    {
        // Plain lines, not a table: a URL must survive a narrow terminal whole, to be copied into a platform's settings.
        AnsiConsole.MarkupLine($"Webhook URLs of tenant [bold]{DesktopDefaults.DemoTenant}[/] (gateway):");
        foreach (var (adapter, url) in WebhookUrls.For(webhooks, DesktopDefaults.DemoTenant)) Console.WriteLine($"  {adapter,-20} {url}");
        Console.WriteLine($"  {"gRPC via gateway",-20} {grpcProxy}");
    }
}
