// The 7 rounds below are unrolled from the BLAKE3 message schedule (round r uses the permutation applied r times).
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Greentic.Packs.Hashing;

/// <summary>
/// BLAKE3's compression function, unrolled: a scalar form for single blocks, and an 8-lane form
/// (<see cref="Vector256{T}"/>, one lane per chunk) that compresses 8 whole chunks at once — the
/// reference implementation's "hash many" strategy. Both are checked by the official test vectors.
/// </summary>
internal static class Blake3Compress
{
    private const uint IV0 = 0x6A09E667, IV1 = 0xBB67AE85, IV2 = 0x3C6EF372, IV3 = 0xA54FF53A;
    private const uint IV4 = 0x510E527F, IV5 = 0x9B05688C, IV6 = 0x1F83D9AB, IV7 = 0x5BE0CD19;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void G(ref uint a, ref uint b, ref uint c, ref uint d, uint x, uint y)
    {
        a = a + b + x; d = BitOperations.RotateRight(d ^ a, 16);
        c = c + d; b = BitOperations.RotateRight(b ^ c, 12);
        a = a + b + y; d = BitOperations.RotateRight(d ^ a, 8);
        c = c + d; b = BitOperations.RotateRight(b ^ c, 7);
    }

    /// <summary>Compresses one block; writes 16 output words (the first 8 are the new chaining value).</summary>
    public static void Compress(ReadOnlySpan<uint> cv, ReadOnlySpan<uint> m16, ulong counter, uint blockLen, uint flags, Span<uint> o)
    {
        uint m0 = m16[0], m1 = m16[1], m2 = m16[2], m3 = m16[3], m4 = m16[4], m5 = m16[5], m6 = m16[6], m7 = m16[7];
        uint m8 = m16[8], m9 = m16[9], m10 = m16[10], m11 = m16[11], m12 = m16[12], m13 = m16[13], m14 = m16[14], m15 = m16[15];
        uint c0 = cv[0], c1 = cv[1], c2 = cv[2], c3 = cv[3], c4 = cv[4], c5 = cv[5], c6 = cv[6], c7 = cv[7];
        uint v0 = c0, v1 = c1, v2 = c2, v3 = c3, v4 = c4, v5 = c5, v6 = c6, v7 = c7;
        uint v8 = IV0, v9 = IV1, v10 = IV2, v11 = IV3;
        uint v12 = (uint)counter, v13 = (uint)(counter >> 32), v14 = blockLen, v15 = flags;
            // round 0
            G(ref v0, ref v4, ref v8, ref v12, m0, m1);
            G(ref v1, ref v5, ref v9, ref v13, m2, m3);
            G(ref v2, ref v6, ref v10, ref v14, m4, m5);
            G(ref v3, ref v7, ref v11, ref v15, m6, m7);
            G(ref v0, ref v5, ref v10, ref v15, m8, m9);
            G(ref v1, ref v6, ref v11, ref v12, m10, m11);
            G(ref v2, ref v7, ref v8, ref v13, m12, m13);
            G(ref v3, ref v4, ref v9, ref v14, m14, m15);
            // round 1
            G(ref v0, ref v4, ref v8, ref v12, m2, m6);
            G(ref v1, ref v5, ref v9, ref v13, m3, m10);
            G(ref v2, ref v6, ref v10, ref v14, m7, m0);
            G(ref v3, ref v7, ref v11, ref v15, m4, m13);
            G(ref v0, ref v5, ref v10, ref v15, m1, m11);
            G(ref v1, ref v6, ref v11, ref v12, m12, m5);
            G(ref v2, ref v7, ref v8, ref v13, m9, m14);
            G(ref v3, ref v4, ref v9, ref v14, m15, m8);
            // round 2
            G(ref v0, ref v4, ref v8, ref v12, m3, m4);
            G(ref v1, ref v5, ref v9, ref v13, m10, m12);
            G(ref v2, ref v6, ref v10, ref v14, m13, m2);
            G(ref v3, ref v7, ref v11, ref v15, m7, m14);
            G(ref v0, ref v5, ref v10, ref v15, m6, m5);
            G(ref v1, ref v6, ref v11, ref v12, m9, m0);
            G(ref v2, ref v7, ref v8, ref v13, m11, m15);
            G(ref v3, ref v4, ref v9, ref v14, m8, m1);
            // round 3
            G(ref v0, ref v4, ref v8, ref v12, m10, m7);
            G(ref v1, ref v5, ref v9, ref v13, m12, m9);
            G(ref v2, ref v6, ref v10, ref v14, m14, m3);
            G(ref v3, ref v7, ref v11, ref v15, m13, m15);
            G(ref v0, ref v5, ref v10, ref v15, m4, m0);
            G(ref v1, ref v6, ref v11, ref v12, m11, m2);
            G(ref v2, ref v7, ref v8, ref v13, m5, m8);
            G(ref v3, ref v4, ref v9, ref v14, m1, m6);
            // round 4
            G(ref v0, ref v4, ref v8, ref v12, m12, m13);
            G(ref v1, ref v5, ref v9, ref v13, m9, m11);
            G(ref v2, ref v6, ref v10, ref v14, m15, m10);
            G(ref v3, ref v7, ref v11, ref v15, m14, m8);
            G(ref v0, ref v5, ref v10, ref v15, m7, m2);
            G(ref v1, ref v6, ref v11, ref v12, m5, m3);
            G(ref v2, ref v7, ref v8, ref v13, m0, m1);
            G(ref v3, ref v4, ref v9, ref v14, m6, m4);
            // round 5
            G(ref v0, ref v4, ref v8, ref v12, m9, m14);
            G(ref v1, ref v5, ref v9, ref v13, m11, m5);
            G(ref v2, ref v6, ref v10, ref v14, m8, m12);
            G(ref v3, ref v7, ref v11, ref v15, m15, m1);
            G(ref v0, ref v5, ref v10, ref v15, m13, m3);
            G(ref v1, ref v6, ref v11, ref v12, m0, m10);
            G(ref v2, ref v7, ref v8, ref v13, m2, m6);
            G(ref v3, ref v4, ref v9, ref v14, m4, m7);
            // round 6
            G(ref v0, ref v4, ref v8, ref v12, m11, m15);
            G(ref v1, ref v5, ref v9, ref v13, m5, m0);
            G(ref v2, ref v6, ref v10, ref v14, m1, m9);
            G(ref v3, ref v7, ref v11, ref v15, m8, m6);
            G(ref v0, ref v5, ref v10, ref v15, m14, m10);
            G(ref v1, ref v6, ref v11, ref v12, m2, m12);
            G(ref v2, ref v7, ref v8, ref v13, m3, m4);
            G(ref v3, ref v4, ref v9, ref v14, m7, m13);
        o[0] = v0 ^ v8; o[1] = v1 ^ v9; o[2] = v2 ^ v10; o[3] = v3 ^ v11;
        o[4] = v4 ^ v12; o[5] = v5 ^ v13; o[6] = v6 ^ v14; o[7] = v7 ^ v15;
        if (o.Length > 8)
        {
            o[8] = v8 ^ c0; o[9] = v9 ^ c1; o[10] = v10 ^ c2; o[11] = v11 ^ c3;
            o[12] = v12 ^ c4; o[13] = v13 ^ c5; o[14] = v14 ^ c6; o[15] = v15 ^ c7;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<uint> Rot(Vector256<uint> x, int n) => (x >>> n) | (x << (32 - n));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void G8(ref Vector256<uint> a, ref Vector256<uint> b, ref Vector256<uint> c, ref Vector256<uint> d, Vector256<uint> x, Vector256<uint> y)
    {
        a = a + b + x; d = Rot(d ^ a, 16);
        c = c + d; b = Rot(b ^ c, 12);
        a = a + b + y; d = Rot(d ^ a, 8);
        c = c + d; b = Rot(b ^ c, 7);
    }

    /// <summary>True when the 8-lane path runs in hardware (else the scalar path is faster).</summary>
    public static bool Has8Lanes => Vector256.IsHardwareAccelerated && BitConverter.IsLittleEndian && !ForceScalar;

    /// <summary>Tests set this to check the scalar path against the same vectors.</summary>
    internal static bool ForceScalar;

    /// <summary>
    /// Hashes 8 consecutive whole 1 KiB chunks of <paramref name="input"/> (chunk counters
    /// <paramref name="counter"/>..+7, none of them the root) and writes their 8-word chaining values to <paramref name="cvs"/>.
    /// </summary>
    public static void HashEightChunks(ReadOnlySpan<byte> input, ulong counter, Span<uint> cvs)
    {
        var words = MemoryMarshal.Cast<byte, uint>(input[..8192]);
        Vector256<uint> h0 = Vector256.Create(IV0), h1 = Vector256.Create(IV1), h2 = Vector256.Create(IV2), h3 = Vector256.Create(IV3);
        Vector256<uint> h4 = Vector256.Create(IV4), h5 = Vector256.Create(IV5), h6 = Vector256.Create(IV6), h7 = Vector256.Create(IV7);
        var ctrLo = Vector256.Create((uint)counter, (uint)(counter + 1), (uint)(counter + 2), (uint)(counter + 3),
            (uint)(counter + 4), (uint)(counter + 5), (uint)(counter + 6), (uint)(counter + 7));
        var ctrHi = Vector256.Create((uint)(counter >> 32), (uint)((counter + 1) >> 32), (uint)((counter + 2) >> 32), (uint)((counter + 3) >> 32),
            (uint)((counter + 4) >> 32), (uint)((counter + 5) >> 32), (uint)((counter + 6) >> 32), (uint)((counter + 7) >> 32));
        var blockLen = Vector256.Create(64u);
        for (int block = 0; block < 16; block++)
        {
            uint flags = (block == 0 ? 1u : 0u) | (block == 15 ? 2u : 0u);
            int w = block * 16;
            // Lane j holds word i of chunk j's block: a transpose by scalar loads (256 words per block).
            var m0 = Load(words, w + 0);
            var m1 = Load(words, w + 1);
            var m2 = Load(words, w + 2);
            var m3 = Load(words, w + 3);
            var m4 = Load(words, w + 4);
            var m5 = Load(words, w + 5);
            var m6 = Load(words, w + 6);
            var m7 = Load(words, w + 7);
            var m8 = Load(words, w + 8);
            var m9 = Load(words, w + 9);
            var m10 = Load(words, w + 10);
            var m11 = Load(words, w + 11);
            var m12 = Load(words, w + 12);
            var m13 = Load(words, w + 13);
            var m14 = Load(words, w + 14);
            var m15 = Load(words, w + 15);
            Vector256<uint> v0 = h0, v1 = h1, v2 = h2, v3 = h3, v4 = h4, v5 = h5, v6 = h6, v7 = h7;
            Vector256<uint> v8 = Vector256.Create(IV0), v9 = Vector256.Create(IV1), v10 = Vector256.Create(IV2), v11 = Vector256.Create(IV3);
            Vector256<uint> v12 = ctrLo, v13 = ctrHi, v14 = blockLen, v15 = Vector256.Create(flags);
            // round 0
            G8(ref v0, ref v4, ref v8, ref v12, m0, m1);
            G8(ref v1, ref v5, ref v9, ref v13, m2, m3);
            G8(ref v2, ref v6, ref v10, ref v14, m4, m5);
            G8(ref v3, ref v7, ref v11, ref v15, m6, m7);
            G8(ref v0, ref v5, ref v10, ref v15, m8, m9);
            G8(ref v1, ref v6, ref v11, ref v12, m10, m11);
            G8(ref v2, ref v7, ref v8, ref v13, m12, m13);
            G8(ref v3, ref v4, ref v9, ref v14, m14, m15);
            // round 1
            G8(ref v0, ref v4, ref v8, ref v12, m2, m6);
            G8(ref v1, ref v5, ref v9, ref v13, m3, m10);
            G8(ref v2, ref v6, ref v10, ref v14, m7, m0);
            G8(ref v3, ref v7, ref v11, ref v15, m4, m13);
            G8(ref v0, ref v5, ref v10, ref v15, m1, m11);
            G8(ref v1, ref v6, ref v11, ref v12, m12, m5);
            G8(ref v2, ref v7, ref v8, ref v13, m9, m14);
            G8(ref v3, ref v4, ref v9, ref v14, m15, m8);
            // round 2
            G8(ref v0, ref v4, ref v8, ref v12, m3, m4);
            G8(ref v1, ref v5, ref v9, ref v13, m10, m12);
            G8(ref v2, ref v6, ref v10, ref v14, m13, m2);
            G8(ref v3, ref v7, ref v11, ref v15, m7, m14);
            G8(ref v0, ref v5, ref v10, ref v15, m6, m5);
            G8(ref v1, ref v6, ref v11, ref v12, m9, m0);
            G8(ref v2, ref v7, ref v8, ref v13, m11, m15);
            G8(ref v3, ref v4, ref v9, ref v14, m8, m1);
            // round 3
            G8(ref v0, ref v4, ref v8, ref v12, m10, m7);
            G8(ref v1, ref v5, ref v9, ref v13, m12, m9);
            G8(ref v2, ref v6, ref v10, ref v14, m14, m3);
            G8(ref v3, ref v7, ref v11, ref v15, m13, m15);
            G8(ref v0, ref v5, ref v10, ref v15, m4, m0);
            G8(ref v1, ref v6, ref v11, ref v12, m11, m2);
            G8(ref v2, ref v7, ref v8, ref v13, m5, m8);
            G8(ref v3, ref v4, ref v9, ref v14, m1, m6);
            // round 4
            G8(ref v0, ref v4, ref v8, ref v12, m12, m13);
            G8(ref v1, ref v5, ref v9, ref v13, m9, m11);
            G8(ref v2, ref v6, ref v10, ref v14, m15, m10);
            G8(ref v3, ref v7, ref v11, ref v15, m14, m8);
            G8(ref v0, ref v5, ref v10, ref v15, m7, m2);
            G8(ref v1, ref v6, ref v11, ref v12, m5, m3);
            G8(ref v2, ref v7, ref v8, ref v13, m0, m1);
            G8(ref v3, ref v4, ref v9, ref v14, m6, m4);
            // round 5
            G8(ref v0, ref v4, ref v8, ref v12, m9, m14);
            G8(ref v1, ref v5, ref v9, ref v13, m11, m5);
            G8(ref v2, ref v6, ref v10, ref v14, m8, m12);
            G8(ref v3, ref v7, ref v11, ref v15, m15, m1);
            G8(ref v0, ref v5, ref v10, ref v15, m13, m3);
            G8(ref v1, ref v6, ref v11, ref v12, m0, m10);
            G8(ref v2, ref v7, ref v8, ref v13, m2, m6);
            G8(ref v3, ref v4, ref v9, ref v14, m4, m7);
            // round 6
            G8(ref v0, ref v4, ref v8, ref v12, m11, m15);
            G8(ref v1, ref v5, ref v9, ref v13, m5, m0);
            G8(ref v2, ref v6, ref v10, ref v14, m1, m9);
            G8(ref v3, ref v7, ref v11, ref v15, m8, m6);
            G8(ref v0, ref v5, ref v10, ref v15, m14, m10);
            G8(ref v1, ref v6, ref v11, ref v12, m2, m12);
            G8(ref v2, ref v7, ref v8, ref v13, m3, m4);
            G8(ref v3, ref v4, ref v9, ref v14, m7, m13);
            h0 = v0 ^ v8; h1 = v1 ^ v9; h2 = v2 ^ v10; h3 = v3 ^ v11;
            h4 = v4 ^ v12; h5 = v5 ^ v13; h6 = v6 ^ v14; h7 = v7 ^ v15;
        }
        Span<Vector256<uint>> h = [h0, h1, h2, h3, h4, h5, h6, h7];
        for (int lane = 0; lane < 8; lane++)
            for (int i = 0; i < 8; i++) cvs[lane * 8 + i] = h[i].GetElement(lane);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<uint> Load(ReadOnlySpan<uint> words, int i) =>
        Vector256.Create(words[i], words[256 + i], words[512 + i], words[768 + i], words[1024 + i], words[1280 + i], words[1536 + i], words[1792 + i]);
}
