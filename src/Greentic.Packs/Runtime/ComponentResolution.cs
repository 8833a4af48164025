using Greentic.Packs.Cache;
using Greentic.Packs.Manifest;
using Greentic.Packs.Signing;

namespace Greentic.Packs.Runtime;

/// <summary>
/// What the distributor's <c>resolve-component</c> returns (CONTRACTS.md §1), from the current snapshot:
/// the component's wasm digest (<c>sha256:…</c>, also a cache blob, so <c>get-by-digest</c> serves it), its
/// artifact location (<c>file</c> + the cached blob's path), the pack's signature summary, cache figures and the
/// pack's secret requirements. Status is always <c>ready</c>: only verified, loaded packs are resolvable.
/// </summary>
public sealed record ComponentResolution(
    string Status,
    string Digest,
    string ArtifactKind,
    string ArtifactValue,
    SignatureSummary Signature,
    CacheInfo? Cache,
    IReadOnlyList<SecretRequirement> SecretRequirements,
    ResolvedComponent Component);
