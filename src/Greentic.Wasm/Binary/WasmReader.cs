using System.Text;

namespace Greentic.Wasm.Binary;

/// <summary>A bounds-checked cursor over module bytes. Every failure is a <see cref="WasmMalformedException"/>
/// naming the byte offset; nothing here can throw an index exception or allocate from an untrusted length
/// without first checking it against the bytes that remain.</summary>
internal ref struct WasmReader
{
    private readonly ReadOnlySpan<byte> bytes;
    private int end;

    public WasmReader(ReadOnlySpan<byte> bytes)
    {
        this.bytes = bytes;
        Position = 0;
        end = bytes.Length;
    }

    public int Position { get; set; }
    public int End => end;
    public bool AtEnd => Position >= end;
    public int Remaining => end - Position;

    /// <summary>Narrow the readable window (a section or function body); returns the previous end.</summary>
    public int Limit(int newEnd)
    {
        int old = end;
        end = newEnd;
        return old;
    }

    public static WasmMalformedException Error(long offset, string rule) => new(offset, rule);

    public byte ReadByte(string what = "unexpected end")
    {
        if (Position >= end) throw Error(Position, EndMessage(what));
        return bytes[Position++];
    }

    private string EndMessage(string what) => end < bytes.Length && what == "unexpected end" ? "unexpected end of section or function" : what;

    public byte PeekByte()
    {
        if (Position >= end) throw Error(Position, EndMessage("unexpected end"));
        return bytes[Position];
    }

    public ReadOnlySpan<byte> ReadBytes(uint count)
    {
        if (count > (uint)Remaining) throw Error(Position, end < bytes.Length ? "unexpected end of section or function" : "unexpected end");
        var s = bytes.Slice(Position, (int)count);
        Position += (int)count;
        return s;
    }

    public uint ReadU32()
    {
        int start = Position;
        uint result = 0;
        for (int shift = 0; ; shift += 7)
        {
            byte b = ReadByte();
            if (shift == 28)
            {
                if ((b & 0x80) != 0) throw Error(start, "integer representation too long");
                if ((b & 0x70) != 0) throw Error(start, "integer too large");
                return result | ((uint)b << 28);
            }
            result |= (uint)(b & 0x7F) << shift;
            if ((b & 0x80) == 0) return result;
        }
    }

    public int ReadS32()
    {
        int start = Position;
        int result = 0;
        for (int shift = 0; ; shift += 7)
        {
            byte b = ReadByte();
            if (shift == 28)
            {
                if ((b & 0x80) != 0) throw Error(start, "integer representation too long");
                int rest = b & 0x70;
                bool negative = (b & 0x08) != 0;
                if (negative ? rest != 0x70 : rest != 0) throw Error(start, "integer too large");
                return result | (b << 28);
            }
            result |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                if ((b & 0x40) != 0 && shift + 7 < 32) result |= -1 << (shift + 7);
                return result;
            }
        }
    }

    /// <summary>A signed 33-bit integer (block types).</summary>
    public long ReadS33()
    {
        int start = Position;
        long result = 0;
        for (int shift = 0; ; shift += 7)
        {
            byte b = ReadByte();
            if (shift == 28)
            {
                if ((b & 0x80) != 0) throw Error(start, "integer representation too long");
                int rest = b & 0x60;
                bool negative = (b & 0x10) != 0;
                if (negative ? rest != 0x60 : rest != 0) throw Error(start, "integer too large");
                result |= (long)(b & 0x7F) << 28;
                if (negative) result |= -1L << 33;
                return result;
            }
            result |= (long)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                if ((b & 0x40) != 0) result |= -1L << (shift + 7);
                return result;
            }
        }
    }

    public long ReadS64()
    {
        int start = Position;
        long result = 0;
        for (int shift = 0; ; shift += 7)
        {
            byte b = ReadByte();
            if (shift == 63)
            {
                if ((b & 0x80) != 0) throw Error(start, "integer representation too long");
                if (b != 0x00 && b != 0x7F) throw Error(start, "integer too large");
                return result | ((long)b << 63);
            }
            result |= (long)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                if ((b & 0x40) != 0 && shift + 7 < 64) result |= -1L << (shift + 7);
                return result;
            }
        }
    }

    public uint ReadFixedU32()
    {
        var s = ReadBytes(4);
        return (uint)(s[0] | s[1] << 8 | s[2] << 16 | s[3] << 24);
    }

    public ulong ReadFixedU64()
    {
        ulong lo = ReadFixedU32();
        ulong hi = ReadFixedU32();
        return lo | hi << 32;
    }

    /// <summary>A vector length: also checks it cannot exceed the remaining bytes (each element takes at least
    /// <paramref name="minElementSize"/> bytes), so a hostile count never drives an allocation.</summary>
    public uint ReadCount(int minElementSize = 1)
    {
        int start = Position;
        uint n = ReadU32();
        if (minElementSize > 0 && (ulong)n * (ulong)minElementSize > (ulong)Remaining)
            throw Error(start, end < bytes.Length ? "unexpected end of section or function" : "length out of bounds");
        return n;
    }

    public string ReadName()
    {
        int start = Position;
        uint len = ReadU32();
        if (len > (uint)Remaining) throw Error(start, end < bytes.Length ? "unexpected end of section or function" : "length out of bounds");
        var s = ReadBytes(len);
        if (!Utf8Validator.IsValid(s)) throw Error(start, "malformed UTF-8 encoding");
        return Encoding.UTF8.GetString(s);
    }
}

internal static class Utf8Validator
{
    /// <summary>Strict UTF-8 per the Unicode standard: no overlongs, no surrogates, nothing above U+10FFFF.</summary>
    public static bool IsValid(ReadOnlySpan<byte> s)
    {
        int i = 0;
        while (i < s.Length)
        {
            byte b = s[i];
            if (b < 0x80) { i++; continue; }
            int need;
            int min;
            int cp;
            if ((b & 0xE0) == 0xC0) { need = 1; min = 0x80; cp = b & 0x1F; }
            else if ((b & 0xF0) == 0xE0) { need = 2; min = 0x800; cp = b & 0x0F; }
            else if ((b & 0xF8) == 0xF0) { need = 3; min = 0x10000; cp = b & 0x07; }
            else return false;
            if (i + need >= s.Length) return false;
            for (int k = 1; k <= need; k++)
            {
                byte c = s[i + k];
                if ((c & 0xC0) != 0x80) return false;
                cp = (cp << 6) | (c & 0x3F);
            }
            if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
            i += need + 1;
        }
        return true;
    }
}
