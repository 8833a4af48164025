using System.CommandLine;
using Greentic.Admin.V1;
using Greentic.Cli.Client;
using Grpc.Core;
using Spectre.Console;

namespace Greentic.Cli.Commands;

/// <summary><c>greentic routes</c>: the routing policy in force (AdminService.ListRoutes) as a table.</summary>
internal static class RoutesCommand
{
    public static Command Create()
    {
        var adminToken = new Option<string?>("--admin-token")
        {
            Description = "ADMIN_TOKEN of the control plane (default: ADMIN_TOKEN; without one, only loopback callers are admitted)",
        };
        var tenant = new Option<string?>("--tenant") { Description = "Only the rules that can apply to this tenant" };
        var command = new Command("routes", "List the routing rules of the control plane") { adminToken, tenant };
        var client = new ClientOptions().AddTo(command, tenantScoped: false);
        command.SetAction((parse, ct) => ClientRunner.RunAsync(client, parse, needsToken: false, async call =>
        {
            var options = call.Options(cancellationToken: ct);
            var token = parse.GetValue(adminToken) ?? Environment.GetEnvironmentVariable("ADMIN_TOKEN");
            if (!string.IsNullOrWhiteSpace(token)) options.Headers!.Add("authorization", "Bearer " + token.Trim());
            var request = new ListRoutesRequest();
            if (parse.GetValue(tenant) is { Length: > 0 } t) request.Ctx = new Types.V1.TenantCtx { Env = call.Settings.Env, Tenant = t, TenantId = t };
            var response = await new AdminService.AdminServiceClient(call.Invoker).ListRoutesAsync(request, options);
            Print(response);
            return ExitCodes.Ok;
        }, unauthenticatedHint: "pass --admin-token or set ADMIN_TOKEN to the control plane's ADMIN_TOKEN"));
        return command;
    }

    private static void Print(ListRoutesResponse response)
    {
        var console = AnsiConsole.Console;
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var column in new[] { "provider", "op", "tenant", "team", "user", "env", "capability", "transport", "target", "timeout", "source" })
            table.AddColumn(column);
        foreach (var r in response.Rules)
        {
            table.AddRow(Cells(r.ProviderType, r.Op, r.Tenant, r.Team, r.User, r.Env, r.Capability, r.Transport, r.Target, $"{r.TimeoutMs} ms", r.Source));
        }
        console.Write(table);
        console.WriteLine($"{response.Rules.Count} rules; last reload {Or(response.LastReload, "never")}");
        if (response.LastError.Length > 0) console.MarkupLineInterpolated($"[red]last reload error:[/] {response.LastError}");
    }

    private static Spectre.Console.Rendering.IRenderable[] Cells(params string[] values) =>
        values.Select(v => (Spectre.Console.Rendering.IRenderable)new Text(v)).ToArray();

    private static string Or(string value, string fallback) => value.Length > 0 ? value : fallback;
}
