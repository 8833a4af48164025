using Greentic.ControlPlane.Routing;
using Greentic.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace Greentic.ControlPlane.Tests.Routing;

/// <summary>
/// YAML that YamlDotNet cannot read in ways other than a <c>YamlException</c> — an unclosed flow mapping ends in an
/// InvalidOperationException — is a policy error with file and line, and a running provider keeps its last good policy.
/// </summary>
public sealed class MalformedPolicyFileTests
{
    private static readonly DateTimeOffset Now = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    internal const string UnclosedFlowMapping = """
        version: 1
        rules:
          - name: broken
            match: { provider_type: echo
            binding: { transport: inproc, target: echo }
        """;

    private const string Good = """
        version: 1
        rules:
          - name: echo
            match: { provider_type: echo }
            binding: { transport: inproc, target: echo }
        """;

    [Fact]
    public void An_unclosed_flow_mapping_is_a_policy_error_with_file_and_line()
    {
        var error = Assert.Throws<RoutingPolicyException>(() => RoutingPolicyLoader.Load([new PolicyFile("broken.yaml", UnclosedFlowMapping)], Now));

        var only = Assert.Single(error.Errors);
        Assert.Equal("broken.yaml", only.File);
        Assert.InRange(only.Line, 4, 6);
        Assert.Contains("left open", only.Message);
        Assert.StartsWith($"broken.yaml:{only.Line}:", error.Message);
    }

    [Fact]
    public void Nesting_deeper_than_any_policy_needs_is_refused_before_YamlDotNet_recurses()
    {
        var deep = "version: 1\nrules: " + new string('[', 200_000);

        var error = Assert.Throws<RoutingPolicyException>(() => RoutingPolicyLoader.Load([new PolicyFile("deep.yaml", deep)], Now));

        Assert.Contains("nested deeper than", Assert.Single(error.Errors).Message);
    }

    [Fact]
    public async Task A_running_provider_keeps_the_last_good_policy_and_reports_the_file()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(Path.Combine(dir.Path, "good.yaml"), Good);
        var options = new TestOptionsMonitor<RoutingOptions>(new RoutingOptions { Directory = dir.Path, Watch = false });
        using var provider = new RoutingPolicyProvider(options, TimeProvider.System, NullLogger<RoutingPolicyProvider>.Instance);
        var good = provider.Current;
        Assert.Single(good.Rules);

        File.WriteAllText(Path.Combine(dir.Path, "broken.yaml"), UnclosedFlowMapping);
        var reloaded = await provider.ReloadAsync(CancellationToken.None);

        Assert.False(reloaded);
        Assert.Same(good, provider.Current);
        Assert.Contains(provider.Status.LastErrors, e => e.File == "broken.yaml" && e.Line > 0);
    }
}
