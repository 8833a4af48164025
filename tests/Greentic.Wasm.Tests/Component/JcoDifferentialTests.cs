using System.Text;
using System.Text.Json;
using Greentic.Wasm.Component;

namespace Greentic.Wasm.Tests.Component;

/// <summary>The sample C provider, built with clang at test time, run twice on the same calls: as a component made
/// and transpiled by jco in node (the reference), and as a core module in our engine through our canonical ABI.
/// Results, what the host imports saw, and the final host state must be identical.</summary>
public sealed class JcoDifferentialTests
{
    [Fact]
    public void OurEngineMatchesJcoOnTheSampleProvider()
    {
        var dir = ExternalTools.NewTempDir();
        try
        {
            string wasm = ExternalTools.BuildSampleProvider(dir);
            string callsPath = Path.Combine(ExternalTools.ComponentsDir, "calls.json");
            string json = ExternalTools.Run("node", "apt-get install nodejs; npm install (package.json has @bytecodealliance/jco)",
                ExternalTools.ComponentsDir, "run-with-jco.mjs", wasm, callsPath, Path.Combine(dir, "jco"));
            var reference = RunOutcome.FromJson(json);
            var ours = RunInOurEngine(File.ReadAllBytes(wasm), JsonDocument.Parse(File.ReadAllText(callsPath)));

            Assert.Equal(reference.Results.Count, ours.Results.Count);
            for (int i = 0; i < reference.Results.Count; i++)
                Assert.True(reference.Results[i] == ours.Results[i], $"call {i}: jco gave {reference.Results[i]}, we gave {ours.Results[i]}");
            Assert.Equal(reference.HostCalls, ours.HostCalls);
            Assert.Equal(reference.State.OrderBy(kv => kv.Key), ours.State.OrderBy(kv => kv.Key));

            // The interesting cases really were exercised (so this test cannot pass on two empty runs).
            Assert.Contains(ours.Results, r => r.Contains("\"missing\":true", StringComparison.Ordinal)); // secrets get -> ok(none)
            Assert.Contains(ours.Results, r => r.Contains("\"error\":{\"code\":\"denied\"}", StringComparison.Ordinal)); // err(enum)
            Assert.Contains(ours.Results, r => r.Contains("\"read\":{\"code\":\"not-found\"", StringComparison.Ordinal)); // err(host-error)
            Assert.Contains("trap", ours.Results);
            Assert.Contains(ours.HostCalls, c => c.Contains("deadline-ms=-1234567890123", StringComparison.Ordinal));
            Assert.Equal("4", ours.State["acme/counter"]);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static RunOutcome RunInOurEngine(byte[] wasm, JsonDocument calls)
    {
        var engine = new Engine();
        var module = Module.FromBytes(engine, "provider", wasm);
        var host = new SampleProviderHost();
        var linker = new Linker(engine);
        host.Define(linker);
        var store = new Store(engine);
        var instance = ComponentInstance.Instantiate(linker, store, module);
        var results = new List<string>();
        foreach (var call in calls.RootElement.EnumerateArray())
        {
            string fn = call.GetProperty("fn").GetString()!;
            var input = ComponentValue.Utf8Bytes(call.TryGetProperty("input", out var i) ? i.GetString()! : "");
            try
            {
                var r = fn switch
                {
                    "describe" => instance.GetFunction(GreenticWit.SchemaCoreApi, fn, GreenticWit.Describe).Invoke(),
                    "healthcheck" => instance.GetFunction(GreenticWit.SchemaCoreApi, fn, GreenticWit.Healthcheck).Invoke(),
                    "validate-config" => instance.GetFunction(GreenticWit.SchemaCoreApi, fn, GreenticWit.ValidateConfig).Invoke(input),
                    "invoke" => instance.GetFunction(GreenticWit.SchemaCoreApi, fn, GreenticWit.Invoke)
                        .Invoke(ComponentValue.String(call.GetProperty("op").GetString()!), input),
                    _ => throw new InvalidOperationException($"unknown fn {fn}"),
                };
                results.Add(Encoding.UTF8.GetString(r!.AsBytes()));
            }
            catch (TrapException)
            {
                results.Add("trap");
                instance = ComponentInstance.Instantiate(linker, new Store(engine), module); // like the node runner: a fresh instance
            }
        }
        return new RunOutcome(results, host.HostCalls, host.State);
    }

    private sealed record RunOutcome(List<string> Results, List<string> HostCalls, Dictionary<string, string> State)
    {
        public static RunOutcome FromJson(string json)
        {
            using var doc = JsonDocument.Parse(json);
            var root = doc.RootElement;
            var results = root.GetProperty("results").EnumerateArray()
                .Select(r => r.TryGetProperty("ok", out var ok) ? ok.GetString()! : "trap").ToList();
            var calls = root.GetProperty("hostCalls").EnumerateArray().Select(c => c.GetString()!).ToList();
            var state = root.GetProperty("state").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
            return new RunOutcome(results, calls, state);
        }
    }
}
