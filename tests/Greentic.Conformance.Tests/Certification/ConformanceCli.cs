using System.Text.Json.Nodes;
using Greentic.TestSupport;

namespace Greentic.Conformance.Tests.Certification;

/// <summary>Runs <c>greentic conformance … --json</c> as a real process and reads its certificate.</summary>
internal static class ConformanceCli
{
    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(4);

    public static async Task<CliCertificate> RunAsync(IEnumerable<string> arguments, IEnumerable<string>? startCommand = null)
    {
        var args = new List<string> { RepoPaths.GreenticDll, "conformance", "--json" };
        args.AddRange(arguments);
        if (startCommand is not null) args.AddRange(["--", .. startCommand]);
        var result = await ProcessRunner.RunAsync(RepoPaths.Dotnet, args, RepoPaths.Root, timeout: Timeout);
        return new CliCertificate(result.ExitCode, result.Stdout, result.Stderr,
            result.Stdout.TrimStart().StartsWith('{') ? JsonNode.Parse(result.Stdout)!.AsObject() : null);
    }

    public static string Socket() => Path.Combine(Path.GetTempPath(), $"gt-conf-{Guid.NewGuid():N}"[..20] + ".sock");

    public static string[] CSharpSidecar(string listen, params string[] more) =>
        [RepoPaths.Dotnet, RepoPaths.SidecarDll, "--listen", listen, "--control-plane", ConformanceOptions.ControlPlanePlaceholder, .. more];

    public static string[] NodeSidecar(string script, string listen) =>
        ["node", Path.Combine(RepoPaths.Root, script), "--listen", listen, "--control-plane", ConformanceOptions.ControlPlanePlaceholder];
}

/// <summary>What the command printed and exited with; <see cref="Json"/> is null when it printed no certificate.</summary>
internal sealed record CliCertificate(int ExitCode, string Stdout, string Stderr, JsonObject? Json)
{
    public IReadOnlyDictionary<string, string> Results =>
        Json?["checks"]!.AsArray().ToDictionary(c => (string)c!["id"]!, c => (string)c!["result"]!) ?? new Dictionary<string, string>();

    public string Evidence(string id) =>
        (string?)Json?["checks"]!.AsArray().First(c => (string?)c!["id"] == id)!["evidence"] ?? "";

    public string Ids(string result) => string.Join(", ", Results.Where(r => r.Value == result).Select(r => r.Key).Order());

    /// <summary>For assertion messages: the whole output.</summary>
    public override string ToString() => $"exit {ExitCode}\n--- stdout ---\n{Stdout}\n--- stderr ---\n{Stderr}";
}
