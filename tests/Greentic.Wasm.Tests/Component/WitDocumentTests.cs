using Greentic.Wasm.Component;

namespace Greentic.Wasm.Tests.Component;

public sealed class WitDocumentTests
{
    private static WitDocument Load(string file) => WitDocument.Parse(File.ReadAllText(Path.Combine(ExternalTools.ComponentsDir, file)));

    [Fact]
    public void TheGreenticWorldParsesToTheSignaturesTheProviderIsCalledWith()
    {
        var doc = Load("greentic-provider.wit");
        var api = doc.Interface(GreenticWit.SchemaCoreApi);
        Assert.Equal(GreenticWit.Invoke.ToString(), api.Function("invoke").ToString());
        Assert.Equal(GreenticWit.ValidateConfig.ToString(), api.Function("validate-config").ToString());
        Assert.Equal(GreenticWit.Describe.ToString(), api.Function("describe").ToString());
        Assert.Equal(GreenticWit.SecretsGet.ToString(), doc.Interface(GreenticWit.SecretsStore).Function("get").ToString());
        // tenant-ctx comes through `use` from another package; state-key is an alias of string
        Assert.Equal(GreenticWit.StateRead.ToString(), doc.Interface(GreenticWit.StateStore).Function("read").ToString());
        Assert.Equal(GreenticWit.StateWrite.ToString(), doc.Interface(GreenticWit.StateStore).Function("write").ToString());
        Assert.Equal(GreenticWit.Log.ToString(), doc.Interface(GreenticWit.LoggerApi).Function("log").ToString());
        Assert.Equal(CanonicalLayout.Size(GreenticWit.TenantCtx), CanonicalLayout.Size(doc.Interface(GreenticWit.StateStore).Types["tenant-ctx"]));

        var world = doc.Worlds["greentic:provider-schema-core/schema-core@1.0.0"];
        Assert.Equal([GreenticWit.SecretsStore, GreenticWit.StateStore, GreenticWit.LoggerApi], world.Imports);
        Assert.Equal([GreenticWit.SchemaCoreApi], world.Exports);
    }

    [Fact]
    public void TheProbeWorldParsesToTheSignaturesTheProbeIsCalledWith()
    {
        var doc = Load("abi-probe.wit");
        var probe = doc.Interface(ProbeWit.Probe);
        foreach (var (name, type) in ProbeWit.Exports)
            Assert.Equal(string.Join(",", type.Parameters.Select(p => p.Type)) + "->" + type.Result,
                string.Join(",", probe.Function(name).Parameters.Select(p => p.Type)) + "->" + probe.Function(name).Result);
        Assert.Equal(ProbeWit.Transform.ToString(), doc.Interface(ProbeWit.Host).Function("transform").ToString());
    }

    [Theory]
    [InlineData("package a:b;\ninterface i {\n  f: func(x: nope);\n}", 3, "unknown type 'nope'")]
    [InlineData("package a:b;\ninterface i {\n  resource r;\n}", 3, "resources are not supported")]
    [InlineData("interface i {}", 1, "package")]
    [InlineData("package a:b;\ninterface i {\n  type t = list<t>;\n}", 3, "refers to itself")]
    [InlineData("package a:b;\ninterface i {\n  record r {}\n}", 3, "at least one member")]
    [InlineData("package a:b;\nworld w {\n  import nope;\n}", 3, "unknown interface")]
    [InlineData("package a:b;\ninterface i {\n  f: func() -> list<u8>\n}", 4, "expected ';'")]
    public void BadWitIsAParseErrorWithItsLine(string text, int line, string message)
    {
        var e = Assert.Throws<WitParseException>(() => WitDocument.Parse(text));
        Assert.Equal(line, e.Line);
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }
}
