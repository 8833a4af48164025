using Greentic.Packs.Cbor;

namespace Greentic.Packs.Manifest;

/// <summary>
/// One signature over the manifest with its signatures cleared. Upstream writes <c>{key_id, algorithm: "ed25519",
/// signature: "&lt;base64&gt;"}</c> (serde's Base64 text; an unknown algorithm is <c>{"other": name}</c>); a CBOR byte
/// string is read too. <see cref="Signature"/> is 64 bytes for ed25519.
/// </summary>
public sealed record PackSignature(string KeyId, string Algorithm, byte[] Signature)
{
    public CborMap ToCbor() => new CborMapBuilder()
        .Add("key_id", KeyId)
        .Add("algorithm", Algorithm == "ed25519" ? new CborText(Algorithm) : CborMap.Of(("other", Algorithm)))
        .Add("signature", Convert.ToBase64String(Signature))
        .Build();

    /// <summary>The manifest's <c>signatures</c> value: <c>{signatures: [...]}</c>.</summary>
    public static CborMap ToBlock(IEnumerable<PackSignature> sigs) =>
        new CborMapBuilder().Add("signatures", new CborArray(sigs.Select(s => (CborValue)s.ToCbor()))).Build();

    public static IReadOnlyList<PackSignature> FromBlock(CborValue? v, string pack)
    {
        if (v is null or CborNull) return [];
        var f = new CborFields(v, pack, "signatures");
        return f.List("signatures", (x, p) =>
        {
            var sf = new CborFields(x, pack, p);
            var algorithm = sf.Raw("algorithm") switch
            {
                CborText t => t.Value,
                CborMap m when m["other"] is CborText o => o.Value,
                _ => throw sf.Error("algorithm", "must be \"ed25519\" or {other: name}"),
            };
            var signature = sf.Raw("signature") switch
            {
                CborBytes b => b.Value.ToArray(),
                CborText t => FromBase64(t.Value) ?? throw sf.Error("signature", "is not base64"),
                _ => throw sf.Error("signature", "must be base64 text or a byte string"),
            };
            return new PackSignature(sf.Text("key_id"), algorithm, signature);
        });
    }

    private static byte[]? FromBase64(string s)
    {
        var buffer = new byte[s.Length];
        if (Convert.TryFromBase64String(s, buffer, out int n)) return buffer[..n];
        // URL-safe, unpadded (what upstream's older signature envelopes used)
        var std = s.Replace('-', '+').Replace('_', '/');
        std += new string('=', (4 - std.Length % 4) % 4);
        return Convert.TryFromBase64String(std, buffer, out n) ? buffer[..n] : null;
    }
}
