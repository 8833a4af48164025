using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Greentic.Packs.Signing;
using Greentic.Json;

namespace Greentic.Packs.Index;

/// <summary>
/// One pack reference in the index: <c>{name, version?, digest?, locator, signature?}</c> (version or digest required).
/// <c>digest</c> is <c>sha256:</c> + hex of the whole .gtpack; <c>signature</c> is base64 Ed25519 over the ASCII digest string.
/// </summary>
public sealed record PackIndexEntry(string Name, string? Version, string? Digest, string Locator, string? Signature = null)
{
    internal JsonObject ToJson()
    {
        var o = new JsonObject { ["name"] = Name };
        if (Version is not null) o["version"] = Version;
        if (Digest is not null) o["digest"] = Digest;
        o["locator"] = Locator;
        if (Signature is not null) o["signature"] = Signature;
        return o;
    }

    /// <summary>A copy with <see cref="Signature"/> set by <paramref name="key"/> over <see cref="Digest"/>.</summary>
    public PackIndexEntry SignedWith(Ed25519PrivateKey key) =>
        this with { Signature = IndexSignatures.Sign(Digest ?? throw new InvalidOperationException("an entry needs a digest to be signed"), key) };
}

/// <summary>A tenant's packs: the main pack, then overlays applied in order (a later pack wins on the same id).</summary>
public sealed record TenantPacks(PackIndexEntry MainPack, IReadOnlyList<PackIndexEntry> Overlays)
{
    public IEnumerable<PackIndexEntry> InLoadOrder => Overlays.Prepend(MainPack);
}

/// <summary>The pack index (CONTRACTS.md §2): JSON map tenant → <c>{main_pack, overlays}</c>.</summary>
public sealed record PackIndex(IReadOnlyDictionary<string, TenantPacks> Tenants)
{
    public const long MaxBytes = 16 * 1024 * 1024;

    /// <exception cref="PackFormatException">The index cannot be used; the only exception this throws, whatever the bytes.</exception>
    public static PackIndex Parse(ReadOnlySpan<byte> json, string source)
    {
        try
        {
            return ParseCore(json, source);
        }
        catch (Exception ex) when (ex is not (PackFormatException or OutOfMemoryException))
        {
            throw new PackFormatException(source, $"index cannot be read: {ex.Message}", ex);
        }
    }

    private static PackIndex ParseCore(ReadOnlySpan<byte> json, string source)
    {
        PackFormatException Fail(string problem) => new(source, problem);
        if (json.Length > MaxBytes) throw Fail($"index is larger than {MaxBytes} bytes");
        JsonDocument doc;
        try { doc = JsonDocument.Parse(json.ToArray(), new JsonDocumentOptions { MaxDepth = 16 }); }
        catch (JsonException ex) { throw Fail($"index is not valid JSON at line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}: {ex.Message}"); }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object) throw Fail("index must be a JSON object mapping tenant → {main_pack, overlays}");
            var tenants = new SortedDictionary<string, TenantPacks>(StringComparer.Ordinal);
            foreach (var t in doc.RootElement.EnumerateObject())
            {
                if (t.Name.Length == 0) throw Fail("empty tenant name");
                if (tenants.ContainsKey(t.Name)) throw Fail($"tenant '{t.Name}' appears twice");
                if (t.Value.ValueKind != JsonValueKind.Object) throw Fail($"tenant '{t.Name}' must be an object with main_pack and overlays");
                if (!t.Value.TryGetProperty("main_pack", out var main)) throw Fail($"tenant '{t.Name}' has no main_pack");
                var overlays = new List<PackIndexEntry>();
                if (t.Value.TryGetProperty("overlays", out var ov) && ov.ValueKind != JsonValueKind.Null)
                {
                    if (ov.ValueKind != JsonValueKind.Array) throw Fail($"tenant '{t.Name}': overlays must be an array");
                    int i = 0;
                    foreach (var o in ov.EnumerateArray()) overlays.Add(ParseEntry(o, $"tenant '{t.Name}' overlays[{i++}]", Fail));
                }
                tenants[t.Name] = new TenantPacks(ParseEntry(main, $"tenant '{t.Name}' main_pack", Fail), overlays);
            }
            return new PackIndex(tenants);
        }
    }

    private static PackIndexEntry ParseEntry(JsonElement e, string where, Func<string, PackFormatException> fail)
    {
        if (e.ValueKind != JsonValueKind.Object) throw fail($"{where} must be an object");
        string? Str(string key)
        {
            if (!e.TryGetProperty(key, out var v) || v.ValueKind == JsonValueKind.Null) return null;
            if (v.ValueKind != JsonValueKind.String) throw fail($"{where}.{key} must be a string");
            return v.GetString();
        }
        var name = Str("name") ?? throw fail($"{where} has no name");
        var locator = Str("locator") ?? throw fail($"{where} has no locator");
        var version = Str("version");
        var digest = Str("digest");
        if (version is null && digest is null) throw fail($"{where} ('{name}') needs a version or a digest");
        if (digest is not null && !PackDigest.IsValid(digest)) throw fail($"{where} ('{name}'): digest '{digest}' is not sha256:<64 lowercase hex digits>");
        return new PackIndexEntry(name, version, digest, locator, Str("signature"));
    }

    public string ToJson()
    {
        var root = new JsonObject();
        foreach (var (tenant, packs) in Tenants)
            root[tenant] = new JsonObject
            {
                ["main_pack"] = packs.MainPack.ToJson(),
                ["overlays"] = new JsonArray(packs.Overlays.Select(o => (JsonNode)o.ToJson()).ToArray()),
            };
        return root.ToJsonString(GreenticJson.Indented);
    }

    public byte[] ToUtf8() => Encoding.UTF8.GetBytes(ToJson());
}

/// <summary>Index entry signatures: base64 Ed25519 over the ASCII bytes of the digest string.</summary>
public static class IndexSignatures
{
    public static string Sign(string digest, Ed25519PrivateKey key) => Convert.ToBase64String(key.Sign(Encoding.ASCII.GetBytes(digest)));

    /// <summary>True when <paramref name="signatureBase64"/> verifies over <paramref name="digest"/> with any of <paramref name="keys"/>.</summary>
    public static bool Verify(string digest, string signatureBase64, IEnumerable<Ed25519PublicKey> keys)
    {
        byte[] sig;
        try { sig = Convert.FromBase64String(signatureBase64); }
        catch (FormatException) { return false; }
        var msg = Encoding.ASCII.GetBytes(digest);
        return keys.Any(k => k.Verify(msg, sig));
    }

    /// <summary>
    /// Applies PACK_VERIFY_STRICT to an entry whose file digest is <paramref name="digest"/>: strict refuses a
    /// missing or bad signature; non-strict returns a warning for a missing one and still refuses a bad one.
    /// </summary>
    /// <returns>A warning to log, or null.</returns>
    public static string? Check(PackIndexEntry entry, string digest, TrustPolicy policy, string label)
    {
        if (entry.Signature is null)
        {
            if (policy.Strict) throw new PackVerificationException(label, "index entry has no signature (PACK_VERIFY_STRICT is on)");
            return $"{label}: index entry has no signature; accepted because PACK_VERIFY_STRICT is off";
        }
        if (policy.TrustedKeys.Count == 0)
        {
            if (policy.Strict) throw new PackVerificationException(label, "index entry is signed but no PACK_PUBLIC_KEY is configured to check it");
            return $"{label}: index entry signature not checked: no PACK_PUBLIC_KEY configured";
        }
        if (!Verify(digest, entry.Signature, policy.TrustedKeys))
            throw new PackVerificationException(label, $"index entry signature does not verify over {digest} with the configured PACK_PUBLIC_KEY");
        return null;
    }
}
