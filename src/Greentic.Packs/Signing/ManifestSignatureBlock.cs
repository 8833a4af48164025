using System.Formats.Cbor;
using Greentic.Packs.Cbor;
using Greentic.Packs.Manifest;

namespace Greentic.Packs.Signing;

/// <summary>
/// Finds and replaces the value of the top-level <c>signatures</c> key in manifest bytes, leaving every other byte
/// as written. Upstream signs <c>encode_pack_manifest(manifest with signatures cleared)</c>; since its encoder is
/// deterministic, that is exactly the manifest bytes with this one value replaced by <c>{signatures: []}</c>, whatever
/// key order or integer widths the writer used, and our canonical manifests are covered by the same rule.
/// </summary>
internal static class ManifestSignatureBlock
{
    /// <summary>The encoding of <c>{signatures: []}</c>.</summary>
    public static readonly byte[] Empty = CanonicalCbor.Encode(PackSignature.ToBlock([]));

    /// <summary>The bytes signatures cover: <paramref name="manifest"/> with its signatures cleared.</summary>
    public static byte[] Payload(ReadOnlyMemory<byte> manifest, string what) => Replace(manifest, Empty, what);

    /// <summary>
    /// <paramref name="manifest"/> with its signatures value replaced by <paramref name="block"/>. A manifest without
    /// a <c>signatures</c> key is re-encoded canonically with one.
    /// </summary>
    public static byte[] Replace(ReadOnlyMemory<byte> manifest, ReadOnlySpan<byte> block, string what)
    {
        if (Locate(manifest, what) is not var (start, end))
        {
            var raw = (CborMap)CborDecoder.Decode(manifest, what);
            return CanonicalCbor.Encode(raw.With("signatures", CborDecoder.Decode(block.ToArray(), what)));
        }
        var span = manifest.Span;
        return [.. span[..start], .. block, .. span[end..]];
    }

    /// <summary>The byte range of the top-level <c>signatures</c> value, or null when the key is absent.</summary>
    private static (int Start, int End)? Locate(ReadOnlyMemory<byte> manifest, string what)
    {
        try
        {
            var r = new CborReader(manifest, CborConformanceMode.Lax);
            int? n = r.ReadStartMap();
            for (int i = 0; n is null ? r.PeekState() != CborReaderState.EndMap : i < n; i++)
            {
                bool isSignatures = r.PeekState() is CborReaderState.TextString or CborReaderState.StartIndefiniteLengthTextString
                    ? r.ReadTextString() == "signatures"
                    : SkipKey(r);
                int start = Offset(r, manifest);
                r.SkipValue();
                if (isSignatures) return (start, Offset(r, manifest));
            }
            return null;
        }
        catch (Exception ex) when (ex is CborContentException or InvalidOperationException)
        {
            throw new PackFormatException(what, $"malformed CBOR: {ex.Message}", ex);
        }
    }

    private static bool SkipKey(CborReader r)
    {
        r.SkipValue();
        return false;
    }

    private static int Offset(CborReader r, ReadOnlyMemory<byte> all) => all.Length - r.BytesRemaining;
}
