using Greentic.Packs.Cbor;

namespace Greentic.Packs.Manifest;

/// <summary>One component the builder resolved: its <c>resolved_digest</c> is the SHA-256 of the wasm it bundled.</summary>
public sealed record LockedComponent(string ComponentId, string? ResolvedDigest, string? ComponentVersion, string? World, string? Ref, CborMap Raw);

/// <summary>
/// <c>pack.lock.cbor</c> (upstream's <c>PackLockV1</c>): <c>{version: 1, components: {id: {component_id, ref?,
/// abi_version, resolved_digest, describe_hash, operations, world?, component_version?, role?}}}</c>. A lock of
/// another version is kept but not interpreted (<see cref="Components"/> is empty).
/// </summary>
public sealed record PackLock(long Version, IReadOnlyList<LockedComponent> Components)
{
    public const string FileName = "pack.lock.cbor";

    public static PackLock Decode(ReadOnlyMemory<byte> bytes, string pack)
    {
        var what = $"{pack} ({FileName})";
        var f = new CborFields(CborDecoder.Decode(bytes, what), what, "");
        var version = f.OptInt("version") ?? throw f.Error("version", "is required");
        if (version != 1) return new PackLock(version, []);
        var list = new List<LockedComponent>();
        if (f.OptMap("components") is { } cf)
            foreach (var kv in cf.Map.Entries)
            {
                var key = kv.Key is CborText t ? t.Value : throw cf.Error("?", "has a non-text key");
                var c = new CborFields(kv.Value, what, cf.PathOf(key));
                var id = c.OptText("component_id") ?? key;
                if (id != key) throw c.Error("component_id", $"is '{id}' under key '{key}'");
                list.Add(new LockedComponent(id, c.OptText("resolved_digest"), c.OptText("component_version"), c.OptText("world"), c.OptText("ref"), c.Map));
            }
        return new PackLock(version, list);
    }
}
