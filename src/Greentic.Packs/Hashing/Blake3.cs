using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Greentic.Packs.Hashing;

/// <summary>
/// BLAKE3 (hash mode only), following the reference implementation in the BLAKE3 paper: 1 KiB chunks of
/// 64-byte blocks, compressed with the 7-round ChaCha-like function, chunk chaining values merged into a
/// binary tree with a lazy stack, and the root node's output extended as an XOF. Incremental and one-shot.
/// Checked against the official test vectors (tests/Greentic.Packs.Tests/Blake3Tests.cs).
/// </summary>
public sealed class Blake3
{
    public const int HashSize = 32;
    private const int BlockLen = 64;
    private const int ChunkLen = 1024;
    private const uint ChunkStart = 1, ChunkEnd = 2, Parent = 4, Root = 8;

    private static readonly uint[] IV =
    [
        0x6A09E667, 0xBB67AE85, 0x3C6EF372, 0xA54FF53A, 0x510E527F, 0x9B05688C, 0x1F83D9AB, 0x5BE0CD19,
    ];

    // Message word order per round: round 0 is 0..15, each next round applies the permutation.
    private static readonly byte[] Schedule = BuildSchedule();

    private static byte[] BuildSchedule()
    {
        ReadOnlySpan<byte> perm = [2, 6, 3, 10, 7, 0, 4, 13, 1, 11, 12, 5, 9, 14, 15, 8];
        var s = new byte[7 * 16];
        for (int i = 0; i < 16; i++) s[i] = (byte)i;
        for (int r = 1; r < 7; r++)
            for (int i = 0; i < 16; i++) s[r * 16 + i] = s[(r - 1) * 16 + perm[i]];
        return s;
    }

    // Chunk state
    private readonly uint[] _cv = new uint[8];
    private ulong _chunkCounter;
    private readonly byte[] _block = new byte[BlockLen];
    private int _blockLen;
    private int _blocksCompressed;
    // Tree state: at most 54 levels for 2^64 bytes.
    private readonly uint[] _stack = new uint[54 * 8];
    private int _stackLen;

    public Blake3() => IV.CopyTo(_cv, 0);

    /// <summary>The 32-byte BLAKE3 hash of <paramref name="data"/>.</summary>
    public static byte[] Hash(ReadOnlySpan<byte> data)
    {
        var h = new Blake3();
        h.Update(data);
        return h.Finalize(HashSize);
    }

    /// <summary>Lowercase hex of the 32-byte hash.</summary>
    public static string HashHex(ReadOnlySpan<byte> data) => Convert.ToHexStringLower(Hash(data));

    public void Update(ReadOnlySpan<byte> input)
    {
        Span<uint> m = stackalloc uint[16];
        Span<uint> chunkCv = stackalloc uint[8];
        while (!input.IsEmpty)
        {
            if (ChunkLength == ChunkLen)
            {
                ChunkOutput(out var o);
                o.ChainingValue(chunkCv);
                ulong total = _chunkCounter + 1;
                AddChunkCv(chunkCv, total);
                IV.CopyTo(_cv, 0);
                _chunkCounter = total;
                _blockLen = 0;
                _blocksCompressed = 0;
            }
            // Fast path: whole blocks straight from the input, keeping the last block of a chunk buffered
            // (it may be the chunk's final block, which needs CHUNK_END).
            while (_blockLen == 0 && input.Length > BlockLen && _blocksCompressed < ChunkLen / BlockLen - 1)
            {
                LoadWords(input[..BlockLen], m);
                Compress(_cv, m, _chunkCounter, BlockLen, _blocksCompressed == 0 ? ChunkStart : 0, _cv);
                _blocksCompressed++;
                input = input[BlockLen..];
            }
            if (input.IsEmpty) break;
            if (_blockLen == BlockLen)
            {
                LoadWords(_block, m);
                Compress(_cv, m, _chunkCounter, BlockLen, _blocksCompressed == 0 ? ChunkStart : 0, _cv);
                _blocksCompressed++;
                _blockLen = 0;
            }
            int want = Math.Min(ChunkLen - ChunkLength, BlockLen - _blockLen);
            int take = Math.Min(want, input.Length);
            input[..take].CopyTo(_block.AsSpan(_blockLen));
            _blockLen += take;
            input = input[take..];
        }
    }

    private int ChunkLength => BlockLen * _blocksCompressed + _blockLen;

    private void AddChunkCv(ReadOnlySpan<uint> cv, ulong totalChunks)
    {
        Span<uint> cur = stackalloc uint[8];
        cv.CopyTo(cur);
        Span<uint> block = stackalloc uint[16];
        while ((totalChunks & 1) == 0)
        {
            _stackLen--;
            _stack.AsSpan(_stackLen * 8, 8).CopyTo(block);
            cur.CopyTo(block[8..]);
            Compress(IV, block, 0, BlockLen, Parent, cur);
            totalChunks >>= 1;
        }
        cur.CopyTo(_stack.AsSpan(_stackLen * 8, 8));
        _stackLen++;
    }

    private readonly struct Output
    {
        public readonly uint[] InputCv;
        public readonly uint[] Block;
        public readonly ulong Counter;
        public readonly uint BlockLength;
        public readonly uint Flags;

        public Output(ReadOnlySpan<uint> cv, ReadOnlySpan<uint> block, ulong counter, uint blockLen, uint flags)
        {
            InputCv = cv.ToArray();
            Block = block.ToArray();
            Counter = counter;
            BlockLength = blockLen;
            Flags = flags;
        }

        public void ChainingValue(Span<uint> cv) => Compress(InputCv, Block, Counter, BlockLength, Flags, cv);
    }

    private void ChunkOutput(out Output o)
    {
        Span<uint> m = stackalloc uint[16];
        Span<byte> padded = stackalloc byte[BlockLen];
        padded.Clear();
        _block.AsSpan(0, _blockLen).CopyTo(padded);
        LoadWords(padded, m);
        o = new Output(_cv, m, _chunkCounter, (uint)_blockLen, (_blocksCompressed == 0 ? ChunkStart : 0) | ChunkEnd);
    }

    /// <summary>The first <paramref name="length"/> bytes of the extended output (32 for the hash).</summary>
    public byte[] Finalize(int length = HashSize)
    {
        ChunkOutput(out var o);
        Span<uint> block = stackalloc uint[16];
        Span<uint> cv = stackalloc uint[8];
        for (int i = _stackLen - 1; i >= 0; i--)
        {
            o.ChainingValue(cv);
            _stack.AsSpan(i * 8, 8).CopyTo(block);
            cv.CopyTo(block[8..]);
            o = new Output(IV, block, 0, BlockLen, Parent);
        }
        var result = new byte[length];
        Span<uint> words = stackalloc uint[16];
        Span<byte> tmp = stackalloc byte[4];
        ulong counter = 0;
        for (int off = 0; off < length; off += BlockLen, counter++)
        {
            CompressFull(o.InputCv, o.Block, counter, o.BlockLength, o.Flags | Root, words);
            for (int w = 0; w < 16 && off + w * 4 < length; w++)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(tmp, words[w]);
                int n = Math.Min(4, length - off - w * 4);
                tmp[..n].CopyTo(result.AsSpan(off + w * 4));
            }
        }
        return result;
    }

    private static void LoadWords(ReadOnlySpan<byte> block, Span<uint> m)
    {
        for (int i = 0; i < 16; i++) m[i] = BinaryPrimitives.ReadUInt32LittleEndian(block[(i * 4)..]);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void G(ref uint a, ref uint b, ref uint c, ref uint d, uint x, uint y)
    {
        a = a + b + x; d = BitOperations.RotateRight(d ^ a, 16);
        c = c + d; b = BitOperations.RotateRight(b ^ c, 12);
        a = a + b + y; d = BitOperations.RotateRight(d ^ a, 8);
        c = c + d; b = BitOperations.RotateRight(b ^ c, 7);
    }

    /// <summary>The compression function's first 8 output words (a chaining value) into <paramref name="outCv"/>.</summary>
    private static void Compress(ReadOnlySpan<uint> cv, ReadOnlySpan<uint> m, ulong counter, uint blockLen, uint flags, Span<uint> outCv)
    {
        Span<uint> full = stackalloc uint[16];
        CompressFull(cv, m, counter, blockLen, flags, full);
        full[..8].CopyTo(outCv);
    }

    private static void CompressFull(ReadOnlySpan<uint> cv, ReadOnlySpan<uint> m, ulong counter, uint blockLen, uint flags, Span<uint> o)
    {
        uint v0 = cv[0], v1 = cv[1], v2 = cv[2], v3 = cv[3], v4 = cv[4], v5 = cv[5], v6 = cv[6], v7 = cv[7];
        uint v8 = IV[0], v9 = IV[1], v10 = IV[2], v11 = IV[3];
        uint v12 = (uint)counter, v13 = (uint)(counter >> 32), v14 = blockLen, v15 = flags;
        var s = Schedule.AsSpan();
        for (int r = 0; r < 7; r++)
        {
            var p = s.Slice(r * 16, 16);
            G(ref v0, ref v4, ref v8, ref v12, m[p[0]], m[p[1]]);
            G(ref v1, ref v5, ref v9, ref v13, m[p[2]], m[p[3]]);
            G(ref v2, ref v6, ref v10, ref v14, m[p[4]], m[p[5]]);
            G(ref v3, ref v7, ref v11, ref v15, m[p[6]], m[p[7]]);
            G(ref v0, ref v5, ref v10, ref v15, m[p[8]], m[p[9]]);
            G(ref v1, ref v6, ref v11, ref v12, m[p[10]], m[p[11]]);
            G(ref v2, ref v7, ref v8, ref v13, m[p[12]], m[p[13]]);
            G(ref v3, ref v4, ref v9, ref v14, m[p[14]], m[p[15]]);
        }
        o[0] = v0 ^ v8; o[1] = v1 ^ v9; o[2] = v2 ^ v10; o[3] = v3 ^ v11;
        o[4] = v4 ^ v12; o[5] = v5 ^ v13; o[6] = v6 ^ v14; o[7] = v7 ^ v15;
        o[8] = v8 ^ cv[0]; o[9] = v9 ^ cv[1]; o[10] = v10 ^ cv[2]; o[11] = v11 ^ cv[3];
        o[12] = v12 ^ cv[4]; o[13] = v13 ^ cv[5]; o[14] = v14 ^ cv[6]; o[15] = v15 ^ cv[7];
    }
}
