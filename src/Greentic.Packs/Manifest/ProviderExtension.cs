using Greentic.Packs.Cbor;

namespace Greentic.Packs.Manifest;

public sealed record ProviderRuntime(string ComponentRef, string Export, string World)
{
    public CborMap ToCbor() => new CborMapBuilder().Add("component_ref", ComponentRef).Add("export", Export).Add("world", World).Build();
}

/// <summary>One provider a pack offers, e.g. <c>messaging.telegram.bot</c> run by component
/// <c>messaging-provider-telegram</c>, export <c>schema-core-api</c>, world <c>greentic:provider/schema-core@1.0.0</c>.</summary>
public sealed record ProviderDecl
{
    public required string ProviderType { get; init; }
    public IReadOnlyList<string> Capabilities { get; init; } = [];
    public IReadOnlyList<string> Ops { get; init; } = [];
    public string ConfigSchemaRef { get; init; } = "";
    public string? StateSchemaRef { get; init; }
    public required ProviderRuntime Runtime { get; init; }
    public string? DocsRef { get; init; }

    public CborMap ToCbor() => new CborMapBuilder()
        .Add("provider_type", ProviderType).Add("capabilities", Capabilities).Add("ops", Ops)
        .Add("config_schema_ref", ConfigSchemaRef).Add("state_schema_ref", StateSchemaRef)
        .Add("runtime", Runtime.ToCbor()).Add("docs_ref", DocsRef).Build();

    internal static ProviderDecl FromCbor(CborValue v, string pack, string path)
    {
        var f = new CborFields(v, pack, path);
        var rf = new CborFields(f.Raw("runtime") ?? throw f.Error("runtime", "is required"), pack, $"{path}.runtime");
        return new ProviderDecl
        {
            ProviderType = f.Text("provider_type"),
            Capabilities = f.TextList("capabilities"),
            Ops = f.TextList("ops"),
            ConfigSchemaRef = f.OptText("config_schema_ref") ?? "",
            StateSchemaRef = f.OptText("state_schema_ref"),
            Runtime = new ProviderRuntime(rf.Text("component_ref"), rf.OptText("export") ?? "schema-core-api",
                rf.OptText("world") ?? "greentic:provider/schema-core@1.0.0"),
            DocsRef = f.OptText("docs_ref"),
        };
    }
}

/// <summary>
/// The provider extension: key <c>greentic.provider-extension.v1</c> (read and written, kind = the key, as upstream
/// writes it), inline <c>{providers: [...]}</c> (other inline keys are ignored). The legacy key
/// <c>greentic.ext.provider</c> is read only, with the same inline shape (a bare array of providers is accepted
/// too); when both are present the v1 key wins. A provider_type may appear once per pack.
/// </summary>
public static class ProviderExtension
{
    public const string Key = "greentic.provider-extension.v1";
    public const string LegacyKey = "greentic.ext.provider";

    public static ExtensionEntry Create(IEnumerable<ProviderDecl> providers) =>
        new(Key, "1.0.0",
            Inline: new CborMapBuilder().Add("providers", new CborArray(providers.Select(p => (CborValue)p.ToCbor()))).Build());

    public static PackManifest WithProviders(this PackManifest m, IEnumerable<ProviderDecl> providers)
    {
        var ext = new Dictionary<string, ExtensionEntry>(m.Extensions, StringComparer.Ordinal) { [Key] = Create(providers) };
        return m with { Extensions = ext };
    }

    /// <summary>The providers a manifest declares (v1 key first, then the legacy key), or none.</summary>
    public static IReadOnlyList<ProviderDecl> Read(PackManifest m, string? pack = null)
    {
        pack ??= m.PackId;
        foreach (var key in new[] { Key, LegacyKey })
        {
            if (!m.Extensions.TryGetValue(key, out var e)) continue;
            if (e.Inline is null)
                throw new PackFormatException(pack, $"extension '{key}' has no inline data (only inline provider lists are supported)");
            var path = $"extensions.{key}.inline";
            IReadOnlyList<ProviderDecl> providers = e.Inline switch
            {
                CborArray a => a.Items.Select((x, i) => ProviderDecl.FromCbor(x, pack, $"{path}[{i}]")).ToArray(),
                _ => new CborFields(e.Inline, pack, path).List("providers", (x, p) => ProviderDecl.FromCbor(x, pack, p)),
            };
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var p in providers)
                if (!seen.Add(p.ProviderType)) throw new PackFormatException(pack, $"extension '{key}' declares provider_type '{p.ProviderType}' twice");
            return providers;
        }
        return [];
    }
}
