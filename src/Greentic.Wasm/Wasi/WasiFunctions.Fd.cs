namespace Greentic.Wasm.Wasi;

internal sealed partial class WasiFunctions
{
    public WasiErrno FdWrite(ReadOnlySpan<Value> a)
    {
        var d = context.Get(I32(a, 0));
        var mem = context.Memory;
        var iovs = mem.ReadIovecs(I32(a, 1), I32(a, 2));
        Stream? stream = d switch
        {
            WasiStdioDescriptor { Writable: true } s => s.Stream,
            WasiFileDescriptor { ReadOnly: false } f => f.Stream,
            WasiDirectoryDescriptor => throw new WasiErrnoException(WasiErrno.IsDir),
            _ => throw new WasiErrnoException(WasiErrno.BadF),
        };
        if (d is WasiFileDescriptor { Append: true } appending) appending.Stream.Seek(0, SeekOrigin.End);
        long total = 0;
        foreach (var (ptr, len) in iovs)
        {
            stream?.Write(mem.Slice(ptr, len));
            total += len;
        }
        if (total > uint.MaxValue) return WasiErrno.Overflow;
        if (d is WasiStdioDescriptor) stream?.Flush();
        mem.WriteU32(I32(a, 3), (uint)total);
        return WasiErrno.Success;
    }

    public WasiErrno FdRead(ReadOnlySpan<Value> a)
    {
        var d = context.Get(I32(a, 0));
        var mem = context.Memory;
        var iovs = mem.ReadIovecs(I32(a, 1), I32(a, 2));
        Stream? stream = d switch
        {
            WasiStdioDescriptor { Writable: false } s => s.Stream,
            WasiFileDescriptor f when f.Stream.CanRead => f.Stream,
            WasiDirectoryDescriptor => throw new WasiErrnoException(WasiErrno.IsDir),
            _ => throw new WasiErrnoException(WasiErrno.BadF),
        };
        long total = 0;
        if (stream is not null)
        {
            foreach (var (ptr, len) in iovs)
            {
                int n = stream.Read(mem.Slice(ptr, len));
                total += n;
                // A short read (end of file, or a pipe with less data) answers now rather than blocking for more.
                if (n < len) break;
            }
        }
        mem.WriteU32(I32(a, 3), (uint)total);
        return WasiErrno.Success;
    }

    public WasiErrno FdPread(ReadOnlySpan<Value> a) => Positioned(a, write: false);

    public WasiErrno FdPwrite(ReadOnlySpan<Value> a) => Positioned(a, write: true);

    private WasiErrno Positioned(ReadOnlySpan<Value> a, bool write)
    {
        var f = FileOf(I32(a, 0));
        if (write && f.ReadOnly) return WasiErrno.BadF;
        if (!write && !f.Stream.CanRead) return WasiErrno.BadF;
        var mem = context.Memory;
        var iovs = mem.ReadIovecs(I32(a, 1), I32(a, 2));
        long offset = I64(a, 3);
        if (offset < 0) return WasiErrno.Inval;
        long saved = f.Stream.Position;
        long total = 0;
        try
        {
            f.Stream.Position = offset;
            foreach (var (ptr, len) in iovs)
            {
                if (write)
                {
                    f.Stream.Write(mem.Slice(ptr, len));
                    total += len;
                }
                else
                {
                    int n = f.Stream.Read(mem.Slice(ptr, len));
                    total += n;
                    if (n < len) break;
                }
            }
        }
        finally
        {
            f.Stream.Position = saved;
        }
        mem.WriteU32(I32(a, 4), (uint)total);
        return WasiErrno.Success;
    }

    private WasiFileDescriptor FileOf(int fd) => context.Get(fd) switch
    {
        WasiFileDescriptor f => f,
        WasiStdioDescriptor => throw new WasiErrnoException(WasiErrno.SPipe),
        WasiDirectoryDescriptor => throw new WasiErrnoException(WasiErrno.IsDir),
        _ => throw new WasiErrnoException(WasiErrno.BadF),
    };

    public WasiErrno FdSeek(ReadOnlySpan<Value> a)
    {
        var f = FileOf(I32(a, 0));
        var origin = I32(a, 2) switch
        {
            0 => SeekOrigin.Begin,
            1 => SeekOrigin.Current,
            2 => SeekOrigin.End,
            _ => throw new WasiErrnoException(WasiErrno.Inval),
        };
        long offset = I64(a, 1);
        long basePosition = origin switch { SeekOrigin.Begin => 0, SeekOrigin.Current => f.Stream.Position, _ => f.Stream.Length };
        if (offset > 0 ? basePosition > long.MaxValue - offset : basePosition + offset < 0) return WasiErrno.Inval;
        long position = f.Stream.Seek(offset, origin);
        context.Memory.WriteU64(I32(a, 3), (ulong)position);
        return WasiErrno.Success;
    }

    public WasiErrno FdTell(ReadOnlySpan<Value> a)
    {
        var f = FileOf(I32(a, 0));
        context.Memory.WriteU64(I32(a, 1), (ulong)f.Stream.Position);
        return WasiErrno.Success;
    }

    public WasiErrno FdClose(ReadOnlySpan<Value> a)
    {
        context.Remove(I32(a, 0));
        return WasiErrno.Success;
    }

    public WasiErrno FdRenumber(ReadOnlySpan<Value> a)
    {
        context.Renumber(I32(a, 0), I32(a, 1));
        return WasiErrno.Success;
    }

    public WasiErrno FdSync(ReadOnlySpan<Value> a)
    {
        var d = context.Get(I32(a, 0));
        if (d is WasiFileDescriptor { ReadOnly: false } f) f.Stream.Flush(flushToDisk: true);
        return WasiErrno.Success;
    }

    public WasiErrno FdAdvise(ReadOnlySpan<Value> a)
    {
        FileOf(I32(a, 0));
        return (uint)I32(a, 3) > 5 ? WasiErrno.Inval : WasiErrno.Success;
    }

    public WasiErrno FdFdstatGet(ReadOnlySpan<Value> a)
    {
        var d = context.Get(I32(a, 0));
        var mem = context.Memory;
        int p = I32(a, 1);
        mem.Slice(p, 24).Clear();
        mem.WriteU8(p, (byte)d.FileType);
        mem.WriteU16(p + 2, d.Flags);
        mem.WriteU64(p + 8, d.RightsBase);
        mem.WriteU64(p + 16, d.RightsInheriting);
        return WasiErrno.Success;
    }

    public WasiErrno FdFdstatSetFlags(ReadOnlySpan<Value> a)
    {
        var d = context.Get(I32(a, 0));
        return (ushort)I32(a, 1) == d.Flags ? WasiErrno.Success : WasiErrno.NotSup;
    }

    public WasiErrno FdFdstatSetRights(ReadOnlySpan<Value> a)
    {
        context.Get(I32(a, 0));
        return WasiErrno.Success;
    }

    public WasiErrno FdFilestatGet(ReadOnlySpan<Value> a)
    {
        var d = context.Get(I32(a, 0));
        int p = I32(a, 1);
        switch (d)
        {
            case WasiFileDescriptor f:
                WriteFilestat(p, new FileInfo(f.Stream.Name), WasiFileType.RegularFile, f.Stream.Length);
                break;
            case WasiDirectoryDescriptor dir:
                WriteFilestat(p, new DirectoryInfo(dir.HostPath), WasiFileType.Directory, 4096);
                break;
            default:
                var mem = context.Memory;
                mem.Slice(p, 64).Clear();
                mem.WriteU8(p + 16, (byte)d.FileType);
                mem.WriteU64(p + 24, 1);
                break;
        }
        return WasiErrno.Success;
    }

    public WasiErrno FdFilestatSetSize(ReadOnlySpan<Value> a)
    {
        var f = FileOf(I32(a, 0));
        if (f.ReadOnly) return WasiErrno.BadF;
        long size = I64(a, 1);
        if (size < 0) return WasiErrno.Inval;
        f.Stream.SetLength(size);
        return WasiErrno.Success;
    }

    private void WriteFilestat(int p, FileSystemInfo info, WasiFileType type, long size)
    {
        var mem = context.Memory;
        mem.Slice(p, 64).Clear();
        mem.WriteU8(p + 16, (byte)type);
        mem.WriteU64(p + 24, 1);
        mem.WriteU64(p + 32, (ulong)size);
        mem.WriteU64(p + 40, Nanoseconds(info.LastAccessTimeUtc));
        mem.WriteU64(p + 48, Nanoseconds(info.LastWriteTimeUtc));
        mem.WriteU64(p + 56, Nanoseconds(info.LastWriteTimeUtc));
    }

    private static ulong Nanoseconds(DateTime utc) => (ulong)Math.Max(0, (utc - DateTime.UnixEpoch).Ticks) * 100;

    public WasiErrno FdPrestatGet(ReadOnlySpan<Value> a)
    {
        if (context.Get(I32(a, 0)) is not WasiDirectoryDescriptor { PreopenName: { } name }) return WasiErrno.BadF;
        var mem = context.Memory;
        int p = I32(a, 1);
        mem.Slice(p, 8).Clear();
        mem.WriteU32(p + 4, (uint)System.Text.Encoding.UTF8.GetByteCount(name));
        return WasiErrno.Success;
    }

    public WasiErrno FdPrestatDirName(ReadOnlySpan<Value> a)
    {
        if (context.Get(I32(a, 0)) is not WasiDirectoryDescriptor { PreopenName: { } name }) return WasiErrno.BadF;
        var bytes = System.Text.Encoding.UTF8.GetBytes(name);
        if ((uint)I32(a, 2) < bytes.Length) return WasiErrno.NameTooLong;
        bytes.CopyTo(context.Memory.Slice(I32(a, 1), bytes.Length));
        return WasiErrno.Success;
    }
}
