using Greentic.Packs.Archive;
using Greentic.Packs.Fixtures;

namespace Greentic.Packs.Tests;

public class FixtureTests
{
    [Theory]
    [InlineData(Upstream.Telegram, "messaging.telegram.bot", "TELEGRAM_BOT_TOKEN")]
    [InlineData(Upstream.Webchat, "messaging.webchat", "jwt_signing_key")]
    public void Upstream_fixtures_enumerate_and_read(string file, string provider, string secret)
    {
        var pack = Upstream.Open(file);
        Assert.Equal(["egress.expected.summary", "egress.request", "ingress.expected.message", "ingress.request",
            "requirements.expected", "setup.expected.plan", "setup.input"], pack.Fixtures.Select(f => f.Name));
        // only fixtures/ at the pack root; assets/fixtures/ holds copies that are assets
        Assert.All(pack.Fixtures, f => Assert.StartsWith("fixtures/", f.Path));
        Assert.Equal(["egress", "ingress", "requirements", "setup"], pack.Fixtures.Select(f => f.Scenario).Distinct());

        var request = pack.Fixture("egress.request")!;
        Assert.Equal(("egress", "request", false), (request.Scenario, request.Role, request.IsExpected));
        Assert.Equal(provider, (string?)request.Json()!["provider"]);
        Assert.Equal(pack.Archive["fixtures/egress.request.json"].ToArray(), request.Bytes.ToArray());
        var expected = pack.Fixture("egress.expected.summary")!;
        Assert.Equal(("expected.summary", true), (expected.Role, expected.IsExpected));
        Assert.Equal("accepted", (string?)expected.Json()!["status"]);
        Assert.Contains(secret, pack.Fixture("requirements.expected")!.Json()!["secret_required"]!.AsArray().Select(s => (string?)s));
        Assert.NotNull(pack.Fixture("setup.input")!.Json()!["mode"]);
        Assert.Contains("config_patch", pack.Fixture("setup.expected.plan")!.Text);
        Assert.Null(pack.Fixture("nope"));
        // every scenario with an input has an expected result
        foreach (var g in pack.Fixtures.GroupBy(f => f.Scenario))
            Assert.Contains(g, f => f.IsExpected);
    }

    [Fact]
    public void A_broken_fixture_does_not_stop_the_pack_but_is_reported_when_read()
    {
        var m = TestPacks.Manifest();
        var archive = PackAssembler.Assemble(m, m.Components.ToDictionary(c => c.Id, c => (ReadOnlyMemory<byte>)TestPacks.Wasm(c.Id, 32)), null,
            new Dictionary<string, ReadOnlyMemory<byte>>
            {
                ["fixtures/ingress.request.json"] = "{\"event_id\": 1"u8.ToArray(),
                ["fixtures/nested/deep.expected.json"] = "[]"u8.ToArray(),
                ["fixtures/readme.md"] = "not a fixture"u8.ToArray(),
            });
        var pack = GtPack.Open(GtpackWriter.Write(archive), "f.gtpack");
        pack.VerifyIntegrity();
        Assert.Equal(["ingress.request", "nested/deep.expected"], pack.Fixtures.Select(f => f.Name));
        Assert.Equal(("deep", "expected"), (pack.Fixtures[1].Scenario, pack.Fixtures[1].Role));
        var ex = Assert.Throws<PackFormatException>(() => pack.Fixture("ingress.request")!.Json());
        Assert.StartsWith("f.gtpack: fixtures/ingress.request.json is not valid JSON:", ex.Message);
    }
}
