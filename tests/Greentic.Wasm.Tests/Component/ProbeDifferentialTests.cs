using System.Text.Json.Nodes;
using Greentic.Wasm.Component;

namespace Greentic.Wasm.Tests.Component;

/// <summary>The abi-probe guest (floats, chars, flags, variant slot joins, 17 mixed parameters, lists of strings,
/// tuples, nested result/option, an import through a return area) run by jco in node and by our engine on the
/// calls of probe-calls.json: every result and every value the host import received must be identical.</summary>
public sealed class ProbeDifferentialTests
{
    [Fact]
    public void OurCanonicalAbiMatchesJcoOnTheProbeWorld()
    {
        var dir = ExternalTools.NewTempDir();
        try
        {
            string wasm = Path.Combine(dir, "abi-probe.wasm");
            ExternalTools.Run("clang-14", "apt-get install clang-14 lld-14", ExternalTools.ComponentsDir,
                "--target=wasm32", "-nostdlib", "-O2", "-mbulk-memory", "-Wall", "-Werror", "-Wl,--no-entry", "-o", wasm, "abi-probe.c", "alloc.c");
            var reference = JsonNode.Parse(ExternalTools.Run("node", "apt-get install nodejs; npm install", ExternalTools.ComponentsDir,
                "probe-with-jco.mjs", wasm, Path.Combine(dir, "jco")))!;
            var calls = JsonNode.Parse(File.ReadAllText(Path.Combine(ExternalTools.ComponentsDir, "probe-calls.json")))!.AsArray();

            var engine = new Engine();
            var linker = new Linker(engine);
            var hostCalls = new JsonArray();
            // Signatures come from the WIT text here (WitDocumentTests checks they equal ProbeWit's hand-built ones).
            var wit = WitDocument.Parse(File.ReadAllText(Path.Combine(ExternalTools.ComponentsDir, "abi-probe.wit")));
            linker.DefineComponentFunction(wit.Interface(ProbeWit.Host), "transform", (_, a) =>
            {
                hostCalls.Add(new JsonObject { ["v"] = ComponentValueJson.ToJson(ProbeWit.Mixed, a[0]), ["p"] = ComponentValueJson.ToJson(ProbeWit.Point, a[1]) });
                return ProbeWit.TransformImpl(a);
            });
            var instance = ComponentInstance.Instantiate(linker, new Store(engine), Module.FromBytes(engine, "abi-probe", File.ReadAllBytes(wasm)));

            var expected = reference["results"]!.AsArray();
            Assert.Equal(calls.Count, expected.Count);
            for (int i = 0; i < calls.Count; i++)
            {
                string fn = calls[i]!["fn"]!.GetValue<string>();
                var type = ProbeWit.Exports[fn];
                var args = calls[i]!["args"]!.AsArray().Select((a, k) => ComponentValueJson.FromJson(type.Parameters[k].Type, a)).ToArray();
                var result = instance.GetFunction(wit.Interface(ProbeWit.Probe), fn).Invoke(args)!;
                var ours = ComponentValueJson.ToJson(type.Result!, result);
                Assert.True(JsonNode.DeepEquals(expected[i], ours), $"call {i} ({fn}): jco gave {expected[i]?.ToJsonString()}, we gave {ours?.ToJsonString()}");
            }
            Assert.True(JsonNode.DeepEquals(reference["hostCalls"], hostCalls),
                $"host saw different values: jco {reference["hostCalls"]!.ToJsonString()}, ours {hostCalls.ToJsonString()}");
            Assert.Equal(4, hostCalls.Count);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
