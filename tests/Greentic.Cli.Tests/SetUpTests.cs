using Greentic.TestSupport;

namespace Greentic.Cli.Tests;

/// <summary>
/// Setting up: the <c>./greentic</c> wrapper builds once and reuses the build until a source changes; the Node client and
/// sidecar install with <c>npm ci</c> from their lock files.
/// </summary>
[Collection(Name)]
public sealed class SetUpTests
{
    public const string Name = "set-up (builds the CLI)";
    private static readonly string Wrapper = Path.Combine(RepoPaths.Root, "greentic");
    private static readonly string Stamp = Path.Combine(RepoPaths.Root, "artifacts", "greentic-cli.stamp");

    [Fact]
    public async Task The_wrapper_builds_once_and_again_only_when_a_source_is_newer_than_its_build()
    {
        var first = await RunWrapperAsync("token", "--help");
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains("Dev tokens", first.Stdout);

        var second = await RunWrapperAsync("token", "--help");
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.DoesNotContain("building", second.Stderr);
        Assert.Contains("Dev tokens", second.Stdout);

        // As if a source had been edited after the last build.
        File.SetLastWriteTimeUtc(Stamp, new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        var third = await RunWrapperAsync("token", "--help");
        Assert.True(third.ExitCode == 0, third.ToString());
        Assert.Contains("building", third.Stderr);
        Assert.DoesNotContain("building", third.Stdout);
    }

    [Theory]
    [InlineData("clients/node")]
    [InlineData("sidecars/node")]
    public async Task Npm_ci_accepts_the_lock_file(string folder)
    {
        using var copy = new TempDirectory();
        foreach (var file in new[] { "package.json", "package-lock.json" })
            File.Copy(Path.Combine(RepoPaths.Root, folder, file), copy.File(file));

        var result = await ProcessRunner.RunAsync("npm", ["ci", "--dry-run", "--ignore-scripts", "--no-audit", "--no-fund"], copy.Path,
            timeout: TimeSpan.FromMinutes(3));

        Assert.True(result.ExitCode == 0, result.ToString());
    }

    private static Task<ProcessResult> RunWrapperAsync(params string[] args) =>
        ProcessRunner.RunAsync("bash", [Wrapper, .. args], RepoPaths.Root, timeout: TimeSpan.FromMinutes(10));
}

[CollectionDefinition(SetUpTests.Name, DisableParallelization = true)]
public sealed class SetUpCollection;
