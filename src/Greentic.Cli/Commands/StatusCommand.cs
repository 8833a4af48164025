using System.CommandLine;
using Greentic.Admin.V1;
using Greentic.Cli.Client;
using Greentic.Cli.Up;
using Grpc.Core;
using Grpc.Health.V1;
using Spectre.Console;

namespace Greentic.Cli.Commands;

/// <summary>
/// <c>greentic status</c>: is the control plane healthy, and if not, which part — health per component over
/// <c>grpc.health.v1</c>, the routing policy's last reload error, each supervised sidecar's state — and, last, the
/// endpoint table <c>up</c> printed. Exit 0 when every component is serving, 1 otherwise.
/// </summary>
internal static class StatusCommand
{
    private const string OverallService = "";
    private static readonly (string Name, string Service)[] Components = [("control plane", OverallService), ("state store", "greentic.state"), ("routing", "greentic.routing")];

    public static Command Create()
    {
        var adminToken = new Option<string?>("--admin-token")
        {
            Description = "ADMIN_TOKEN of the control plane (default: ADMIN_TOKEN; without one, only loopback callers are admitted)",
        };
        var command = new Command("status", "Show the health of the control plane's components, routing errors, sidecar states and its endpoints") { adminToken };
        var client = new ClientOptions().AddTo(command, tenantScoped: false);
        command.SetAction((parse, ct) =>
        {
            var dataDir = parse.GetValue(client.DataDir) ?? TokenResolver.DefaultDataDir;
            var endpoints = Endpoints.TryRead(dataDir);
            // Without --address or GREENTIC_ADDRESS, the address the control plane of this data folder wrote.
            var address = parse.GetValue(client.Address) is null && Environment.GetEnvironmentVariable("GREENTIC_ADDRESS") is null ? endpoints?.Grpc : null;
            return ClientRunner.RunAsync(client, parse, needsToken: false, call => ShowAsync(call, parse.GetValue(adminToken), endpoints, ct),
                unauthenticatedHint: "pass --admin-token or set ADMIN_TOKEN to the control plane's ADMIN_TOKEN", addressOverride: address);
        });
        return command;
    }

    private static async Task<int> ShowAsync(ClientCall call, string? adminToken, Endpoints? endpoints, CancellationToken ct)
    {
        var options = call.Options(cancellationToken: ct);
        var token = adminToken ?? Environment.GetEnvironmentVariable("ADMIN_TOKEN");
        if (!string.IsNullOrWhiteSpace(token)) options.Headers!.Add("authorization", "Bearer " + token.Trim());
        var admin = new AdminService.AdminServiceClient(call.Invoker);
        var health = new Health.HealthClient(call.Invoker);

        var sidecars = await admin.ListSidecarsAsync(new ListSidecarsRequest(), options);
        var routes = await admin.ListRoutesAsync(new ListRoutesRequest(), options);
        var components = Components.Concat(sidecars.Sidecars.Select(s => ($"sidecar '{s.Name}'", "greentic.sidecar." + s.Name))).ToList();
        var statuses = new List<(string Name, string Status)>();
        foreach (var (name, service) in components)
            statuses.Add((name, await CheckAsync(health, service, call, ct)));

        var console = AnsiConsole.Console;
        var healthTable = new Table().Border(TableBorder.Rounded).AddColumn("component").AddColumn("health");
        foreach (var (name, status) in statuses) healthTable.AddRow(new Text(name), new Text(status));
        console.Write(healthTable);

        console.WriteLine(routes.LastError.Length == 0
            ? $"routes: {routes.Rules.Count} rules, last reload {Or(routes.LastReload, "never")}, no errors"
            : $"routes: {routes.Rules.Count} rules in force (last good reload {Or(routes.LastReload, "never")}); the last reload failed:");
        if (routes.LastError.Length > 0) console.WriteLine("  " + routes.LastError.Replace("\n", "\n  "));

        foreach (var s in sidecars.Sidecars)
            console.WriteLine(s.Restarts == 0 ? s.Summary : $"{s.Summary}; restarted {s.Restarts} time{(s.Restarts == 1 ? "" : "s")}, last stop: {s.LastExit}");

        if (endpoints is not null)
        {
            var words = sidecars.Sidecars.ToDictionary(s => s.Name, s => s.Pid > 0 ? $"{s.State}, pid {s.Pid}" : s.State);
            EndpointTable.Write(console, endpoints, words);
        }
        else
        {
            console.WriteLine($"gRPC: {call.Settings.Address}");
        }
        return statuses.All(s => s.Status == "SERVING") ? ExitCodes.Ok : ExitCodes.CallFailed;
    }

    private static async Task<string> CheckAsync(Health.HealthClient health, string service, ClientCall call, CancellationToken ct)
    {
        try
        {
            var response = await health.CheckAsync(new HealthCheckRequest { Service = service }, call.Options(TimeSpan.FromSeconds(10), ct));
            return response.Status.ToString().ToUpperInvariant() switch
            {
                "SERVING" => "SERVING",
                "NOTSERVING" => "NOT_SERVING",
                var other => other,
            };
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
        {
            return "UNKNOWN (not a health service here)";
        }
    }

    private static string Or(string value, string fallback) => value.Length > 0 ? value : fallback;
}
