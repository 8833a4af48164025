using Spectre.Console;

namespace Greentic.Cli.Up;

/// <summary>The endpoint table <c>up</c> prints last and <c>greentic status</c> repeats.</summary>
internal static class EndpointTable
{
    /// <param name="sidecarStates">Per sidecar name, its state in words (e.g. "serving, pid 123"); absent when unknown.</param>
    public static void Write(IAnsiConsole console, Endpoints e, IReadOnlyDictionary<string, string>? sidecarStates = null)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumn("endpoint").AddColumn("address");
        Row(table, "gRPC (h2c)", e.Grpc);
        if (!string.IsNullOrEmpty(e.Http)) Row(table, "health, admin", $"{e.Http}/healthz, {e.Http}/admin/packs/status");
        foreach (var s in e.Sidecars)
        {
            var state = sidecarStates?.GetValueOrDefault(s.Name) is { } words ? $" ({words})" : "";
            Row(table, $"sidecar '{s.Name}' ({s.Providers})", s.Address + state);
        }
        if (!string.IsNullOrEmpty(e.DataDir)) Row(table, "data", e.DataDir);
        if (!string.IsNullOrEmpty(e.TokenFile)) Row(table, "dev token", e.TokenFile);
        console.Write(table);
    }

    // Text, not markup: paths and addresses may contain '[' and are never wrapped mid-word by markup parsing.
    private static void Row(Table table, string name, string value) => table.AddRow(new Text(name), new Text(value));
}
