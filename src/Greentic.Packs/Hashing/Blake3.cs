using System.Buffers.Binary;

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
        Span<uint> cvs = stackalloc uint[64];
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
            // Fastest path: 8 whole chunks at once, one per SIMD lane, while more input follows them
            // (so none of them can be the root). Only from a chunk boundary.
            while (ChunkLength == 0 && input.Length > 8 * ChunkLen && Blake3Compress.Has8Lanes)
            {
                Blake3Compress.HashEightChunks(input, _chunkCounter, cvs);
                for (int i = 0; i < 8; i++) AddChunkCv(cvs.Slice(i * 8, 8), _chunkCounter + (ulong)i + 1);
                _chunkCounter += 8;
                input = input[(8 * ChunkLen)..];
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
        if (BitConverter.IsLittleEndian) System.Runtime.InteropServices.MemoryMarshal.Cast<byte, uint>(block[..BlockLen]).CopyTo(m);
        else for (int i = 0; i < 16; i++) m[i] = BinaryPrimitives.ReadUInt32LittleEndian(block[(i * 4)..]);
    }

    /// <summary>The compression function's first 8 output words (a chaining value) into <paramref name="outCv"/>.</summary>
    private static void Compress(ReadOnlySpan<uint> cv, ReadOnlySpan<uint> m, ulong counter, uint blockLen, uint flags, Span<uint> outCv) =>
        Blake3Compress.Compress(cv, m, counter, blockLen, flags, outCv[..8]);

    private static void CompressFull(ReadOnlySpan<uint> cv, ReadOnlySpan<uint> m, ulong counter, uint blockLen, uint flags, Span<uint> o) =>
        Blake3Compress.Compress(cv, m, counter, blockLen, flags, o);
}
