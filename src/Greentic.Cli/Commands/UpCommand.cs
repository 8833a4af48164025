using System.CommandLine;
using Greentic.Cli.Up;
using Greentic.ControlPlane.Auth;
using Greentic.ControlPlane.Hosting;
using Greentic.ControlPlane.Secrets;
using Greentic.ControlPlane.Tenancy;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Spectre.Console;

namespace Greentic.Cli.Commands;

/// <summary><c>greentic up</c>: the control plane on embedded defaults, until Ctrl+C.</summary>
internal static class UpCommand
{
    public static Command Create()
    {
        var dataDir = new Option<string>("--data-dir") { Description = "Folder for keys, state, secrets and routes", DefaultValueFactory = _ => ".greentic" };
        var grpc = new Option<string>("--grpc") { Description = "gRPC (h2c) address", DefaultValueFactory = _ => "http://127.0.0.1:7878" };
        var http = new Option<string>("--http") { Description = "HTTP address for /healthz and /admin", DefaultValueFactory = _ => "http://127.0.0.1:7879" };
        var noSidecar = new Option<bool>("--no-sidecar") { Description = "Do not start the sample sidecar" };
        var gateway = new GatewayOptions();
        var command = new Command("up", "Run the control plane on embedded defaults: SQLite state, file secrets, tenant 'demo', a supervised sample sidecar, the ingress gateway")
        {
            dataDir, grpc, http, noSidecar, gateway.Webhooks, gateway.Grpc, gateway.Disabled,
        };
        command.SetAction((parse, ct) => RunAsync(parse.GetValue(dataDir)!, parse.GetValue(grpc)!, parse.GetValue(http)!, !parse.GetValue(noSidecar), gateway.Read(parse), ct));
        return command;
    }

    private static async Task<int> RunAsync(string dataDir, string grpc, string http, bool sidecar, (string Webhooks, string Grpc)? gateway, CancellationToken cancellationToken)
    {
        var defaults = await DesktopDefaults.PrepareAsync(dataDir, cancellationToken);
        var settings = DesktopConfiguration.Build(defaults, grpc, http, sidecar);
        await using var app = ControlPlaneHost.Build([], b =>
        {
            // Embedded defaults first; appsettings.json and environment variables added by the host still win.
            var sources = b.Configuration.Sources.ToList();
            b.Configuration.Sources.Clear();
            b.Configuration.AddInMemoryCollection(settings);
            foreach (var source in sources) b.Configuration.Sources.Add(source);
            b.Services.AddSampleProviders();
        });
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch (IOException e)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]greentic up could not start:[/] {e.Message} (is another 'greentic up' running? choose other addresses with --grpc and --http)");
            return 1;
        }
        await SeedDemoSecretAsync(app.Services, cancellationToken);
        var token = defaults.IssueDevToken();
        await File.WriteAllTextAsync(defaults.TokenFile, token, cancellationToken);
        await using var gatewayApp = gateway is { } g ? await DesktopGateway.StartAsync(defaults, grpc, g.Webhooks, g.Grpc, cancellationToken) : null;
        Print(defaults, grpc, http, sidecar, token);
        if (gatewayApp is not null && gateway is { } shown) DesktopGateway.Print(shown.Webhooks, shown.Grpc);
        AnsiConsole.MarkupLine("Press Ctrl+C to stop.");
        await app.WaitForShutdownAsync(cancellationToken);
        return 0;
    }

    /// <summary>The gateway's options of <c>greentic up</c>.</summary>
    private sealed class GatewayOptions
    {
        public Option<string> Webhooks { get; } = new("--gateway-http") { Description = "Gateway address for webhooks and admin (HTTP/1.1)", DefaultValueFactory = _ => "http://127.0.0.1:8080" };
        public Option<string> Grpc { get; } = new("--gateway-grpc") { Description = "Gateway address proxying gRPC to the control plane (h2c)", DefaultValueFactory = _ => "http://127.0.0.1:8081" };
        public Option<bool> Disabled { get; } = new("--no-gateway") { Description = "Do not start the ingress gateway" };
        public (string, string)? Read(ParseResult parse) => parse.GetValue(Disabled) ? null : (parse.GetValue(Webhooks)!, parse.GetValue(Grpc)!);
    }

    /// <summary>The sample sidecar's send_payload needs <c>dummy/api_token</c>; give tenant demo one on first start.</summary>
    private static async Task SeedDemoSecretAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var store = services.GetRequiredService<ISecretsStore>();
        var name = SecretName.For(new TenantContext("dev", DesktopDefaults.DemoTenant), "dummy", "api_token");
        if (await store.GetAsync(name, cancellationToken) is null)
            await store.PutAsync(name, System.Text.Encoding.UTF8.GetBytes(Guid.NewGuid().ToString("N")), cancellationToken);
    }

    private static void Print(DesktopDefaults d, string grpc, string http, bool sidecar, string token)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumn("endpoint").AddColumn("address");
        table.AddRow("gRPC (h2c)", grpc);
        table.AddRow("health, admin", $"{http}/healthz, {http}/admin/packs/status");
        if (sidecar) table.AddRow("sample sidecar (messaging.dummy)", "unix://" + d.SidecarSocket);
        table.AddRow("data", d.DataDir);
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine($"Dev token (tenant [bold]{DesktopDefaults.DemoTenant}[/], role admin), also in [grey]{Markup.Escape(d.TokenFile)}[/]:");
        Console.WriteLine(token);
    }
}
