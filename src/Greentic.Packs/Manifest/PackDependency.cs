using Greentic.Packs.Cbor;

namespace Greentic.Packs.Manifest;

/// <summary>Another pack this one needs: <c>{alias, pack_id, version_req, required_capabilities}</c> (ids are symbols on disk).</summary>
public sealed record PackDependency(string Alias, string PackId, string VersionReq, IReadOnlyList<string> RequiredCapabilities)
{
    internal CborMap ToCbor(ManifestSymbols? symbols) => new CborMapBuilder()
        .Add("alias", Alias)
        .Add("pack_id", symbols?.Ref(ManifestSymbols.PackIds, PackId) ?? new CborText(PackId))
        .Add("version_req", VersionReq)
        .Add("required_capabilities", new CborArray(RequiredCapabilities.Select(c =>
            symbols?.Ref(ManifestSymbols.CapabilityNames, c) ?? new CborText(c))))
        .Build();

    internal static PackDependency FromCbor(CborValue v, string pack, string path, ManifestSymbols? symbols)
    {
        var f = new CborFields(v, pack, path);
        return new PackDependency(f.Text("alias"), f.Symbol("pack_id", symbols, ManifestSymbols.PackIds), f.Text("version_req"),
            f.SymbolList("required_capabilities", symbols, ManifestSymbols.CapabilityNames));
    }
}
