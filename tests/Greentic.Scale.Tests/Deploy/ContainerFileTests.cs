using System.Text.RegularExpressions;
using Greentic.TestSupport;

namespace Greentic.Scale.Tests.Deploy;

/// <summary>
/// No container engine runs here, so the Dockerfiles are checked statically: multi-stage, a non-root final user, every
/// copied path exists, every published project exists and publishes (<c>dotnet publish</c> of the built project) with
/// the entry point the image runs, the verbs it runs exist, and the Node image pins what package-lock.json pins.
/// </summary>
public sealed partial class ContainerFileTests
{
    public static TheoryData<string> Dockerfiles => new(Directory.GetFiles(Path.Combine(RepoPaths.Root, "deploy", "docker"), "*.Dockerfile")
        .Select(Path.GetFileName).Order()!);

    [Theory]
    [MemberData(nameof(Dockerfiles))]
    public void Is_multi_stage_runs_as_a_non_root_user_and_copies_paths_that_exist(string name)
    {
        var lines = Instructions(name);
        Assert.True(lines.Count(l => l.StartsWith("FROM ", StringComparison.Ordinal)) >= 2, $"{name}: build and runtime stages");
        var finalStage = lines.Skip(lines.FindLastIndex(l => l.StartsWith("FROM ", StringComparison.Ordinal))).ToList();
        var user = finalStage.LastOrDefault(l => l.StartsWith("USER ", StringComparison.Ordinal));
        Assert.True(user is not null, $"{name}: the final stage sets USER");
        var uid = user!["USER ".Length..].Split(':')[0];
        Assert.True(int.TryParse(uid, out var id) && id > 0, $"{name}: USER {uid} must be a numeric non-root uid (Kubernetes' runAsNonRoot checks numbers)");
        Assert.Contains(finalStage, l => l.StartsWith("ENTRYPOINT ", StringComparison.Ordinal));
        foreach (var copy in lines.Where(l => l.StartsWith("COPY ", StringComparison.Ordinal) && !l.Contains("--from=", StringComparison.Ordinal)))
        {
            var parts = copy.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Where(p => !p.StartsWith("--", StringComparison.Ordinal)).ToList();
            foreach (var source in parts.SkipLast(1))
                Assert.True(File.Exists(Path.Combine(RepoPaths.Root, source)) || Directory.Exists(Path.Combine(RepoPaths.Root, source)),
                    $"{name}: COPY source '{source}' does not exist in the repository");
        }
    }

    [Theory]
    [InlineData("control-plane.Dockerfile", "src/Greentic.Cli/Greentic.Cli.csproj", "greentic.dll")]
    [InlineData("gateway.Dockerfile", "src/Greentic.Cli/Greentic.Cli.csproj", "greentic.dll")]
    [InlineData("sidecar-csharp.Dockerfile", "sidecars/Greentic.Sidecar.Host/Greentic.Sidecar.Host.csproj", "greentic-sidecar.dll")]
    public async Task Publishes_the_project_it_names_with_the_entry_point_it_runs(string name, string project, string entry)
    {
        var text = string.Join("\n", Instructions(name));
        Assert.Contains($"dotnet publish {project}", text);
        Assert.Contains($"/app/{entry}", text);
        using var output = new TempDirectory();
        var publish = await ProcessRunner.RunAsync(RepoPaths.Dotnet, ["publish", Path.Combine(RepoPaths.Root, project), "-c", RepoPaths.Configuration, "--no-build", "--nologo", "-o", output.Path],
            RepoPaths.Root, timeout: TimeSpan.FromMinutes(5));
        Assert.True(publish.ExitCode == 0, publish.ToString());
        Assert.True(File.Exists(Path.Combine(output.Path, entry)), $"{entry} is not in the publish output");
        Assert.True(File.Exists(Path.Combine(output.Path, Path.ChangeExtension(entry, ".runtimeconfig.json"))));
    }

    [Theory]
    [InlineData("control-plane.Dockerfile")]
    [InlineData("gateway.Dockerfile")]
    public async Task The_greentic_verb_the_image_runs_exists(string name)
    {
        var verb = VerbOf(Instructions(name)) ?? throw new InvalidOperationException($"{name}: no greentic verb in ENTRYPOINT/CMD");
        // An unknown verb still prints the root help and exits 0: look for the verb in the list of commands.
        var help = await ProcessRunner.RunAsync(RepoPaths.Dotnet, [RepoPaths.GreenticDll, "--help"], RepoPaths.Root);
        Assert.True(help.ExitCode == 0, help.ToString());
        Assert.True(help.Stdout.Split('\n').Any(l => l.StartsWith($"  {verb} ", StringComparison.Ordinal)), $"{name} runs 'greentic {verb}', which this build does not have:\n{help.Stdout}");
    }

    [Fact]
    public void The_node_sidecar_image_pins_the_versions_of_package_lock()
    {
        var text = string.Join("\n", Instructions("sidecar-node.Dockerfile"));
        var lockFile = File.ReadAllText(Path.Combine(RepoPaths.Root, "package-lock.json"));
        foreach (Match m in PinPattern().Matches(text))
        {
            var package = m.Groups[1].Value;
            var version = m.Groups[2].Value;
            Assert.Matches($"\"node_modules/{Regex.Escape(package)}\": \\{{\\s*\"version\": \"{Regex.Escape(version)}\"", lockFile);
        }
        Assert.Equal(2, PinPattern().Matches(text).Count);
        Assert.True(File.Exists(Path.Combine(RepoPaths.Root, "sidecars", "node", "sidecar.js")));
    }

    /// <summary>The Dockerfile's instructions, continuation lines joined, comments dropped.</summary>
    private static List<string> Instructions(string name)
    {
        var text = File.ReadAllText(Path.Combine(RepoPaths.Root, "deploy", "docker", name)).Replace("\\\n", " ");
        return text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
    }

    /// <summary>The verb after greentic.dll in ENTRYPOINT, else the first word of the final CMD (exec form).</summary>
    private static string? VerbOf(List<string> lines)
    {
        static string[] Exec(string line) => line[(line.IndexOf('[') + 1)..line.LastIndexOf(']')].Split(',').Select(a => a.Trim().Trim('"')).ToArray();
        var entry = Exec(lines.Last(l => l.StartsWith("ENTRYPOINT ", StringComparison.Ordinal)));
        var at = Array.FindIndex(entry, a => a.EndsWith("greentic.dll", StringComparison.Ordinal));
        if (at >= 0 && at + 1 < entry.Length) return entry[at + 1];
        return lines.LastOrDefault(l => l.StartsWith("CMD [", StringComparison.Ordinal)) is { } cmd ? Exec(cmd).FirstOrDefault() : null;
    }

    [GeneratedRegex("(@grpc/[a-z-]+)@([0-9.]+)")]
    private static partial Regex PinPattern();
}
