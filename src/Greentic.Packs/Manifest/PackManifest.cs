using Greentic.Packs.Cbor;

namespace Greentic.Packs.Manifest;

public enum PackKind { Application, Provider, Infrastructure, Library }

/// <summary>
/// <c>manifest.cbor</c> as upstream's <c>greentic-types</c> defines it (<c>schema_version: "pack-v1"</c>). On disk,
/// <c>pack_id</c>, component ids, node ids and capability names are indexes into a <c>symbols</c> table
/// (<see cref="ManifestSymbols"/>); this model holds the names. Keys the model does not know (<c>bootstrap</c>,
/// <c>agents</c>, anything newer) are kept in <see cref="Extra"/> and written back. Signing and verification work on
/// the manifest bytes as written (<see cref="Signing.PackSigner"/>), so nothing here needs to round-trip bit for bit.
/// </summary>
public sealed record PackManifest
{
    public const string FileName = "manifest.cbor";
    public const string SchemaV1 = "pack-v1";

    public string SchemaVersion { get; init; } = SchemaV1;
    public required string PackId { get; init; }
    public string? Name { get; init; }
    public required string Version { get; init; }
    public PackKind Kind { get; init; } = PackKind.Application;
    public required string Publisher { get; init; }
    public IReadOnlyList<ComponentManifest> Components { get; init; } = [];
    public IReadOnlyList<FlowEntry> Flows { get; init; } = [];
    public IReadOnlyList<PackDependency> Dependencies { get; init; } = [];
    public IReadOnlyList<CapabilityDecl> Capabilities { get; init; } = [];
    public IReadOnlyList<SecretRequirement> SecretRequirements { get; init; } = [];
    public IReadOnlyList<PackSignature> Signatures { get; init; } = [];
    public IReadOnlyDictionary<string, ExtensionEntry> Extensions { get; init; } = new Dictionary<string, ExtensionEntry>();
    /// <summary>Top-level keys this model does not interpret, kept as they came.</summary>
    public IReadOnlyDictionary<string, CborValue> Extra { get; init; } = new Dictionary<string, CborValue>();

    public SemVersion SemVersion => SemVersion.Parse(Version);

    public static string KindName(PackKind k) => k.ToString().ToLowerInvariant();

    internal static readonly string[] Known =
        ["schema_version", "pack_id", "name", "version", "kind", "publisher", "symbols", "components", "flows",
         "dependencies", "capabilities", "secret_requirements", "signatures", "extensions"];

    /// <summary>The <c>pack-v1</c> map with its symbols table, as our writer encodes it.</summary>
    public CborMap ToCbor()
    {
        var symbols = ManifestSymbols.Build(SymbolNames());
        return new CborMapBuilder()
            .Add("schema_version", SchemaVersion)
            .Add("pack_id", symbols.Ref(ManifestSymbols.PackIds, PackId))
            .Add("name", Name)
            .Add("version", Version)
            .Add("kind", KindName(Kind))
            .Add("publisher", Publisher)
            .Add("symbols", symbols.ToCbor())
            .Add("components", new CborArray(Components.Select(c => (CborValue)c.ToCbor(symbols))))
            .Add("flows", new CborArray(Flows.Select(f => (CborValue)f.ToCbor(symbols))))
            .Add("dependencies", new CborArray(Dependencies.Select(d => (CborValue)d.ToCbor(symbols))))
            .Add("capabilities", new CborArray(Capabilities.Select(c => (CborValue)c.ToCbor(symbols))))
            .Add("secret_requirements", SecretRequirements.Count == 0 ? null : new CborArray(SecretRequirements.Select(s => (CborValue)s.ToCbor())))
            .Add("signatures", PackSignature.ToBlock(Signatures))
            .Add("extensions", Extensions.Count == 0 ? null
                : new CborMap(Extensions.Select(kv => new KeyValuePair<CborValue, CborValue>(new CborText(kv.Key), kv.Value.ToCbor()))))
            .AddExtra(Extra)
            .Build();
    }

    private IEnumerable<(string, string)> SymbolNames()
    {
        yield return (ManifestSymbols.PackIds, PackId);
        foreach (var c in Components) yield return (ManifestSymbols.ComponentIds, c.Id);
        foreach (var f in Flows)
            foreach (var n in f.Flow.Nodes)
            {
                yield return (ManifestSymbols.NodeIds, n.Id);
                yield return (ManifestSymbols.ComponentIds, n.Component.Id);
            }
        foreach (var d in Dependencies)
        {
            yield return (ManifestSymbols.PackIds, d.PackId);
            foreach (var c in d.RequiredCapabilities) yield return (ManifestSymbols.CapabilityNames, c);
        }
        foreach (var c in Capabilities) yield return (ManifestSymbols.CapabilityNames, c.Name);
    }

    public byte[] Encode() => CanonicalCbor.Encode(ToCbor());

    /// <summary>Decodes and validates manifest bytes (any key order; see <see cref="CborDecoder"/>).</summary>
    public static PackManifest Decode(ReadOnlyMemory<byte> bytes, string pack) => FromCbor(CborDecoder.Decode(bytes, pack), pack);

    public static PackManifest FromCbor(CborValue value, string pack)
    {
        var f = new CborFields(value, pack, "");
        var symbols = ManifestSymbols.Read(f.Raw("symbols"), pack);
        var version = f.Text("version");
        if (!SemVersion.TryParse(version, out _)) throw f.Error("version", $"'{version}' is not a semantic version");
        var kindText = f.OptText("kind") ?? "application";
        if (!Enum.TryParse<PackKind>(kindText, ignoreCase: true, out var kind) || kindText != kindText.ToLowerInvariant() || int.TryParse(kindText, out _))
            throw f.Error("kind", $"'{kindText}' is not one of application, provider, infrastructure, library");
        var packId = f.Symbol("pack_id", symbols, ManifestSymbols.PackIds);
        Ids.Check(packId, pack, "pack_id");
        var extensions = new Dictionary<string, ExtensionEntry>(StringComparer.Ordinal);
        if (f.OptMap("extensions") is { } ef)
            foreach (var kv in ef.Map.Entries)
            {
                if (kv.Key is not CborText k) throw ef.Error("?", "has a non-text key");
                extensions[k.Value] = ExtensionEntry.FromCbor(kv.Value, pack, $"extensions.{k.Value}");
            }
        var m = new PackManifest
        {
            SchemaVersion = f.OptTextOrInt("schema_version") ?? throw f.Error("schema_version", "is required"),
            PackId = packId,
            Name = f.OptText("name"),
            Version = version,
            Kind = kind,
            Publisher = f.Text("publisher"),
            Components = f.List("components", (v, p) => ComponentManifest.FromCbor(v, pack, p, symbols)),
            Flows = f.List("flows", (v, p) => FlowEntry.FromCbor(v, pack, p, symbols)),
            Dependencies = f.List("dependencies", (v, p) => PackDependency.FromCbor(v, pack, p, symbols)),
            Capabilities = f.List("capabilities", (v, p) => CapabilityDecl.FromCbor(v, pack, p, symbols)),
            SecretRequirements = f.List("secret_requirements", (v, p) => SecretRequirement.FromCbor(v, pack, p)),
            Signatures = PackSignature.FromBlock(f.Raw("signatures"), pack),
            Extensions = extensions,
            Extra = f.Extra(Known),
        };
        Unique(m.Components.Select(c => c.Id), pack, "component id");
        Unique(m.Flows.Select(c => c.Id), pack, "flow id");
        return m;
    }

    private static void Unique(IEnumerable<string> ids, string pack, string what)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var id in ids)
            if (!seen.Add(id)) throw new PackFormatException(pack, $"duplicate {what} '{id}'");
    }
}
