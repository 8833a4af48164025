using System.Text;
using System.Text.Json.Nodes;
using Greentic.Providers;

namespace Greentic.Conformance.Tests.ThreeForms;

/// <summary>
/// One provider, three forms, identical results: every case of <see cref="FormsCorpus"/> goes through the control plane
/// to the same <c>.wasm</c> in process, in a supervised sidecar and behind a remote mTLS gateway, and the three results
/// must be equal byte for byte (statuses with a normalised message, see <see cref="FormsClient"/>). A divergence fails
/// with every form's result side by side.
/// </summary>
public sealed class ThreeFormsTests(ThreeFormsControlPlane cp) : IClassFixture<ThreeFormsControlPlane>
{
    public static TheoryData<string> Cases => new(FormsCorpus.All.Select(c => c.Name));

    [Theory, MemberData(nameof(Cases))]
    public async Task One_provider_three_forms_identical_results(string name)
    {
        var @case = FormsCorpus.All.Single(c => c.Name == name);
        var results = new Dictionary<string, string>();
        foreach (var form in ThreeFormsControlPlane.Forms)
        {
            var steps = new StringBuilder();
            foreach (var step in @case.Steps)
            {
                var resolved = step with { Json = step.Json.Replace(FormsCorpus.PongUrl, cp.PongUrl.ToString(), StringComparison.Ordinal) };
                steps.AppendLine(await FormsClient.CallAsync(cp, form, @case.ProviderType, resolved));
            }
            results[form] = steps.ToString();
        }
        var inproc = results["inproc"];
        if (results.Values.Any(r => r != inproc))
        {
            var diff = new StringBuilder($"'{name}' differs between forms:\n");
            foreach (var (form, result) in results) diff.Append($"--- {form}{(result == inproc ? "" : " (differs from inproc)")}\n{result}");
            Assert.Fail(diff.ToString());
        }
        Assert.False(string.IsNullOrWhiteSpace(inproc));
    }

    /// <summary>The corpus calls every op the echo and hostio components describe.</summary>
    [Theory]
    [InlineData(ThreeFormsControlPlane.Echo)]
    [InlineData(ThreeFormsControlPlane.Hostio)]
    public async Task The_corpus_covers_every_op_of_the_sample(string providerType)
    {
        var described = await FormsClient.CallAsync(cp, "inproc", providerType, FormStep.Describe);
        Assert.StartsWith("OK ", described);
        var ops = JsonNode.Parse(described[3..])!["ops"]!.AsArray().Select(o => (string)o!).ToHashSet();
        var covered = FormsCorpus.All.Where(c => c.ProviderType == providerType)
            .SelectMany(c => c.Steps).Where(s => s.Function == ProviderFunction.Invoke).Select(s => s.Op).ToHashSet();
        Assert.Empty(ops.Except(covered));
    }

    /// <summary>Spot checks that the forms agree on the right answers, not merely with each other.</summary>
    [Fact]
    public async Task The_shared_answers_are_the_expected_ones()
    {
        async Task<string> Remote(string type, FormStep step) => await FormsClient.CallAsync(cp, "remote", type, step);
        Assert.StartsWith("Internal: provider 'greentic.sample.hostile': ", await Remote(ThreeFormsControlPlane.Hostile, FormStep.Invoke("trap", "{}")));
        Assert.Equal("DEADLINE_EXCEEDED", await Remote(ThreeFormsControlPlane.Hostile, FormStep.Invoke("loop", "{}", TimeSpan.FromSeconds(1))));
        Assert.StartsWith("ResourceExhausted: ", await Remote(ThreeFormsControlPlane.Hostile, FormStep.Invoke("big", "{}")));
        var secret = await Remote(ThreeFormsControlPlane.Hostio, FormStep.Invoke("secret", $$"""{"secret":"{{ThreeFormsControlPlane.Other}}"}"""));
        Assert.Contains("\"error\":\"denied\"", secret);
        var denied = await Remote(ThreeFormsControlPlane.Hostio, FormStep.Invoke("http", """{"url":"http://denied.example.test/x"}"""));
        Assert.Contains("\"code\":\"denied\"", denied);
        var allowed = await Remote(ThreeFormsControlPlane.Hostio, FormStep.Invoke("http", $$"""{"url":"{{cp.PongUrl}}"}"""));
        Assert.Contains("\"body\":\"pong\"", allowed);
    }
}
