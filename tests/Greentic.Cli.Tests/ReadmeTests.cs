using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Greentic.Cli.Tests.Infrastructure;
using Greentic.TestSupport;

namespace Greentic.Cli.Tests;

/// <summary>The README tells the truth: it names every verb the command has, and its sample output is what a call prints.</summary>
[Collection(ControlPlaneCollection.Name)]
public sealed partial class ReadmeTests(ControlPlaneFixture controlPlane)
{
    private static readonly string Readme = File.ReadAllText(Path.Combine(RepoPaths.Root, "README.md"));
    private readonly GreenticCli _cli = new(controlPlane);

    [Fact]
    public async Task Every_verb_of_the_command_is_in_the_readme()
    {
        var missing = new List<string>();
        foreach (var verb in await LeafVerbsAsync([]))
        {
            // "greentic pack pull" or a list such as "greentic pack build|sign|verify|inspect".
            var pattern = "greentic " + string.Join(" ", verb.SkipLast(1).Select(Regex.Escape)) + (verb.Count > 1 ? " " : "") +
                          $"([\\w-]+\\|)*{Regex.Escape(verb[^1])}(\\||\\b)";
            if (!Regex.IsMatch(Readme, pattern)) missing.Add(string.Join(' ', verb));
        }
        Assert.True(missing.Count == 0, "README.md does not mention: " + string.Join(", ", missing));
    }

    [Fact]
    public async Task The_sample_outputs_of_send_payload_are_what_it_prints()
    {
        var real = await _cli.RunAsync("invoke", "messaging.dummy", "send_payload", """{"v":1,"payload":{"text":"hi"}}""", "--deadline", "30s");
        Assert.True(real.ExitCode == 0, real.ToString());
        var actual = Normalize(JsonNode.Parse(real.Stdout)!);

        var block = SampleBlock().Match(Readme);
        Assert.True(block.Success, "README.md has no ```json block after the send_payload example");
        Assert.True(JsonNode.DeepEquals(actual, Normalize(JsonNode.Parse(block.Groups[1].Value)!)), $"README block: {block.Groups[1].Value}\nreal: {real.Stdout}");
        foreach (Match arrow in ArrowSample().Matches(Readme))
            Assert.True(JsonNode.DeepEquals(actual, Normalize(JsonNode.Parse(arrow.Groups[1].Value)!)), $"README: {arrow.Value}\nreal: {real.Stdout}");
    }

    /// <summary>The message id counts up; everything else must match.</summary>
    private static JsonNode Normalize(JsonNode node)
    {
        node["message"]!["id"] = "dummy-N";
        return node;
    }

    /// <summary>Leaf commands, found the way a user finds them: from <c>--help</c>.</summary>
    private async Task<List<List<string>>> LeafVerbsAsync(List<string> path)
    {
        var help = await _cli.RunRawAsync([.. path, "--help"]);
        Assert.True(help.ExitCode == 0, help.ToString());
        var section = help.Stdout.Split("Commands:");
        if (section.Length < 2) return [path];
        var verbs = new List<List<string>>();
        foreach (Match m in CommandLine().Matches(section[1]))
            verbs.AddRange(await LeafVerbsAsync([.. path, m.Groups[1].Value]));
        return verbs;
    }

    [GeneratedRegex(@"^  ([a-z][\w-]*)\b", RegexOptions.Multiline)]
    private static partial Regex CommandLine();

    [GeneratedRegex(@"invoke messaging\.dummy send_payload[^\n]*\n```\nprints\n```json\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex SampleBlock();

    [GeneratedRegex(@"// → (\{.*?\})\s*$", RegexOptions.Multiline)]
    private static partial Regex ArrowSample();
}
