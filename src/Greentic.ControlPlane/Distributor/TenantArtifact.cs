using Greentic.Packs.Archive;
using Greentic.Packs.Runtime;

namespace Greentic.ControlPlane.Distributor;

internal enum ArtifactKind
{
    Pack,
    Component,
}

/// <summary>
/// Something a tenant may fetch by digest: one of its loaded packs (the whole <c>.gtpack</c>) or a component's wasm
/// inside one of them.
/// </summary>
internal sealed record TenantArtifact(string Digest, ArtifactKind Kind, LoadedPack Pack, string? ComponentId)
{
    /// <summary>
    /// The artifact's bytes from the loaded (verified) pack, for when its cache blob has gone missing: the exact bytes
    /// the pack was read from, or the component's wasm; the caller still checks the digest.
    /// </summary>
    public ReadOnlyMemory<byte> Rebuild() =>
        Kind == ArtifactKind.Pack ? Pack.Pack.Archive.ToBytes() : Pack.Pack.ComponentWasm(ComponentId!);

    public string Describe() => Kind == ArtifactKind.Pack
        ? $"pack '{Pack.PackId}' {Pack.Version}"
        : $"component '{ComponentId}' of pack '{Pack.PackId}' {Pack.Version}";
}
