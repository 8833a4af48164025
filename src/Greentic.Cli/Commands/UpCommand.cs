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
        var command = new Command("up", "Run the control plane on embedded defaults: SQLite state, file secrets, tenant 'demo', a supervised sample sidecar")
        {
            dataDir, grpc, http, noSidecar,
        };
        command.SetAction((parse, ct) => RunAsync(parse.GetValue(dataDir)!, parse.GetValue(grpc)!, parse.GetValue(http)!, !parse.GetValue(noSidecar), ct));
        return command;
    }

    private static async Task<int> RunAsync(string dataDir, string grpc, string http, bool sidecar, CancellationToken cancellationToken)
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
        Print(defaults, grpc, http, sidecar, token);
        await app.WaitForShutdownAsync(cancellationToken);
        return 0;
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
        AnsiConsole.MarkupLine("Press Ctrl+C to stop.");
    }
}
