using System.Text.Json.Nodes;
using Greentic.Packs.Cbor;
using Greentic.Packs.Manifest;
using Greentic.Packs.Signing;

namespace Greentic.Packs.Inspection;

public enum SignatureState
{
    /// <summary>The manifest carries no signature.</summary>
    Unsigned,
    /// <summary>Signed, but no trusted key was given to check it.</summary>
    NotChecked,
    /// <summary>A signature verifies with a trusted key.</summary>
    Verified,
    /// <summary>Signed, and no signature verifies with the trusted keys.</summary>
    Invalid,
}

public sealed record SignatureReport(SignatureState State, string? Signer, IReadOnlyList<string> KeyIds, bool CoversFiles, string Detail);

public sealed record ProviderReport(string ProviderType, IReadOnlyList<string> Ops, IReadOnlyList<string> Capabilities,
    string ComponentId, string Export, string World, string ConfigSchemaRef);

public sealed record ComponentReport(string Id, string Version, string World, long Size, string Digest,
    IReadOnlyList<string> Supports, IReadOnlyList<string> Operations, IReadOnlyList<string> Capabilities);

public sealed record FlowReport(string Id, string Kind, IReadOnlyDictionary<string, string> Entrypoints, int NodeCount, IReadOnlyList<string> Tags);

public sealed record FixtureReport(string Name, string Path, long Size);

/// <summary>
/// What a pack is and whether it holds together, for <c>greentic pack inspect</c> and <c>verify</c>: identity,
/// file digest, integrity (every digest, see <see cref="GtPack.VerifyIntegrity"/>), signature state, providers,
/// components, flows, secret requirements, fixtures and extensions. Building a report never throws for a pack that
/// opened: integrity and signature problems are reported, not raised. <see cref="ToText"/> is for people,
/// <see cref="ToJson"/> for scripts.
/// </summary>
public sealed record PackInspection(
    string File,
    string FileDigest,
    long FileSize,
    int FileCount,
    string PackId,
    string? Name,
    string Version,
    string Kind,
    string Publisher,
    string SchemaVersion,
    bool ManifestCanonical,
    string? IntegrityProblem,
    SignatureReport Signature,
    IReadOnlyList<ProviderReport> Providers,
    IReadOnlyList<ComponentReport> Components,
    IReadOnlyList<FlowReport> Flows,
    IReadOnlyList<SecretRequirement> SecretRequirements,
    IReadOnlyList<FixtureReport> Fixtures,
    IReadOnlyList<string> Extensions)
{
    /// <param name="trustedKeys">Keys to check signatures with; none means a signed pack is reported as not checked.</param>
    public static PackInspection Of(GtPack pack, IReadOnlyCollection<Ed25519PublicKey>? trustedKeys = null)
    {
        var m = pack.Manifest;
        var bytes = pack.Archive.ToBytes();
        string? integrity = null;
        try { pack.VerifyIntegrity(); }
        catch (PackVerificationException ex) { integrity = ex.Problem; }
        return new PackInspection(
            pack.Name, Index.PackDigest.Sha256(bytes.Span), bytes.Length, pack.Archive.Entries.Count,
            m.PackId, m.Name, m.Version, PackManifest.KindName(m.Kind), m.Publisher, m.SchemaVersion,
            CanonicalCbor.IsCanonical(pack.ManifestBytes), integrity, CheckSignature(pack, trustedKeys ?? []),
            pack.Providers.Select(p => new ProviderReport(p.ProviderType, p.Ops, p.Capabilities, p.Runtime.ComponentRef,
                p.Runtime.Export, p.Runtime.World, p.ConfigSchemaRef)).ToArray(),
            m.Components.Select(c => pack.ComponentManifests[c.Id]).Select(c => new ComponentReport(c.Id, c.Version, c.World,
                pack.ComponentWasm(c.Id).Length, pack.ComponentDigest(c.Id), c.Supports, c.Operations.Select(o => o.Name).ToArray(),
                c.Capabilities.Names())).ToArray(),
            m.Flows.Select(f => new FlowReport(f.Id, f.Kind,
                f.Flow.Entrypoints.ToDictionary(kv => kv.Key, kv => kv.Value is CborText t ? t.Value : CborJson.ToJsonString(kv.Value)),
                f.Flow.Nodes.Count, f.Tags)).ToArray(),
            m.SecretRequirements,
            pack.Fixtures.Select(f => new FixtureReport(f.Name, f.Path, f.Bytes.Length)).ToArray(),
            m.Extensions.Keys.Order(StringComparer.Ordinal).ToArray());
    }

    private static SignatureReport CheckSignature(GtPack pack, IReadOnlyCollection<Ed25519PublicKey> keys)
    {
        var ids = pack.Manifest.Signatures.Select(s => s.KeyId).ToArray();
        bool covers = pack.ManifestBindsFiles;
        if (ids.Length == 0) return new(SignatureState.Unsigned, null, ids, covers, "the manifest carries no signature");
        if (keys.Count == 0) return new(SignatureState.NotChecked, null, ids, covers, "signed; give a trusted public key to check it");
        var (ok, signer, detail) = PackSigner.Check(pack, keys);
        return ok ? new(SignatureState.Verified, signer, ids, covers, covers ? "verified; the manifest binds every file" : "verified; the manifest does not bind the other files")
            : new(SignatureState.Invalid, null, ids, covers, detail);
    }

    public string ToText() => PackInspectionText.Render(this);

    public JsonObject ToJson() => PackInspectionJson.Render(this);
}
