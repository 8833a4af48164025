using Greentic.Packs.Cbor;

namespace Greentic.Packs.Manifest;

/// <summary>A capability the pack declares (upstream derives them from its components, e.g. <c>host:secrets</c>, <c>wasi:clocks</c>).</summary>
public sealed record CapabilityDecl(string Name, string? Description = null)
{
    internal CborMap ToCbor(ManifestSymbols? symbols) => new CborMapBuilder()
        .Add("name", symbols?.Ref(ManifestSymbols.CapabilityNames, Name) ?? new CborText(Name))
        .Add("description", Description)
        .Build();

    internal static CapabilityDecl FromCbor(CborValue v, string pack, string path, ManifestSymbols? symbols)
    {
        var f = new CborFields(v, pack, path);
        return new CapabilityDecl(f.Symbol("name", symbols, ManifestSymbols.CapabilityNames), f.OptText("description"));
    }
}
