using System.Text;

namespace Greentic.Wasm.Wasi;

internal sealed partial class WasiFunctions
{
    private const ulong RightFdRead = 1UL << 1;
    private const ulong RightFdWrite = 1UL << 6;
    private const int OflagCreate = 1, OflagDirectory = 2, OflagExclusive = 4, OflagTruncate = 8;
    private const int FdflagAppend = 1;

    private (WasiDirectoryDescriptor Dir, string HostPath) ResolvePath(int fd, int pathPtr, int pathLen)
    {
        var dir = context.Get(fd) as WasiDirectoryDescriptor ?? throw new WasiErrnoException(WasiErrno.NotDir);
        string guestPath = context.Memory.ReadString(pathPtr, pathLen);
        return (dir, WasiSandbox.Resolve(dir, guestPath));
    }

    public WasiErrno PathOpen(ReadOnlySpan<Value> a)
    {
        var (dir, host) = ResolvePath(I32(a, 0), I32(a, 2), I32(a, 3));
        int oflags = I32(a, 4);
        ulong rights = (ulong)I64(a, 5);
        int fdflags = I32(a, 7);
        int fdPtr = I32(a, 8);
        context.Memory.WriteU32(fdPtr, 0); // fault early, before anything is opened
        bool write = (rights & RightFdWrite) != 0 || (oflags & (OflagCreate | OflagTruncate)) != 0 || (fdflags & FdflagAppend) != 0;
        bool read = (rights & RightFdRead) != 0 || !write;

        if (Directory.Exists(host))
        {
            if ((oflags & (OflagCreate | OflagExclusive)) == (OflagCreate | OflagExclusive)) return WasiErrno.Exist;
            if (write) return WasiErrno.IsDir;
            return Opened(fdPtr, new WasiDirectoryDescriptor(host, dir.Root, dir.ReadOnly, null));
        }
        if ((oflags & OflagDirectory) != 0) return File.Exists(host) ? WasiErrno.NotDir : WasiErrno.NoEnt;
        if (write && dir.ReadOnly) return WasiErrno.NotCapable;
        bool exists = File.Exists(host);
        if (!exists && (oflags & OflagCreate) == 0) return WasiErrno.NoEnt;
        if (exists && (oflags & (OflagCreate | OflagExclusive)) == (OflagCreate | OflagExclusive)) return WasiErrno.Exist;
        var mode = (oflags & OflagTruncate) != 0 ? (exists ? FileMode.Truncate : FileMode.Create)
            : (oflags & OflagCreate) != 0 ? FileMode.OpenOrCreate : FileMode.Open;
        var access = read && write ? FileAccess.ReadWrite : write ? FileAccess.Write : FileAccess.Read;
        var stream = new FileStream(host, mode, access, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
        return Opened(fdPtr, new WasiFileDescriptor(stream, (fdflags & FdflagAppend) != 0, dir.ReadOnly));
    }

    private WasiErrno Opened(int fdPtr, WasiDescriptor descriptor)
    {
        int fd = context.Add(descriptor);
        context.Memory.WriteU32(fdPtr, (uint)fd);
        return WasiErrno.Success;
    }

    public WasiErrno PathFilestatGet(ReadOnlySpan<Value> a)
    {
        var (_, host) = ResolvePath(I32(a, 0), I32(a, 2), I32(a, 3));
        int p = I32(a, 4);
        if (Directory.Exists(host)) WriteFilestat(p, new DirectoryInfo(host), WasiFileType.Directory, 4096);
        else if (File.Exists(host)) WriteFilestat(p, new FileInfo(host), WasiFileType.RegularFile, new FileInfo(host).Length);
        else return WasiErrno.NoEnt;
        return WasiErrno.Success;
    }

    public WasiErrno PathCreateDirectory(ReadOnlySpan<Value> a)
    {
        var (dir, host) = ResolvePath(I32(a, 0), I32(a, 1), I32(a, 2));
        if (dir.ReadOnly) return WasiErrno.NotCapable;
        if (Directory.Exists(host) || File.Exists(host)) return WasiErrno.Exist;
        if (!Directory.Exists(Path.GetDirectoryName(host))) return WasiErrno.NoEnt;
        Directory.CreateDirectory(host);
        return WasiErrno.Success;
    }

    public WasiErrno PathRemoveDirectory(ReadOnlySpan<Value> a)
    {
        var (dir, host) = ResolvePath(I32(a, 0), I32(a, 1), I32(a, 2));
        if (dir.ReadOnly) return WasiErrno.NotCapable;
        if (!Directory.Exists(host)) return File.Exists(host) ? WasiErrno.NotDir : WasiErrno.NoEnt;
        if (host == dir.Root) return WasiErrno.Access;
        if (Directory.EnumerateFileSystemEntries(host).Any()) return WasiErrno.NotEmpty;
        Directory.Delete(host);
        return WasiErrno.Success;
    }

    public WasiErrno PathUnlinkFile(ReadOnlySpan<Value> a)
    {
        var (dir, host) = ResolvePath(I32(a, 0), I32(a, 1), I32(a, 2));
        if (dir.ReadOnly) return WasiErrno.NotCapable;
        if (Directory.Exists(host)) return WasiErrno.IsDir;
        if (!File.Exists(host)) return WasiErrno.NoEnt;
        File.Delete(host);
        return WasiErrno.Success;
    }

    public WasiErrno PathRename(ReadOnlySpan<Value> a)
    {
        var (from, fromHost) = ResolvePath(I32(a, 0), I32(a, 1), I32(a, 2));
        var (to, toHost) = ResolvePath(I32(a, 3), I32(a, 4), I32(a, 5));
        if (from.ReadOnly || to.ReadOnly) return WasiErrno.NotCapable;
        if (File.Exists(fromHost)) File.Move(fromHost, toHost, overwrite: true);
        else if (Directory.Exists(fromHost)) Directory.Move(fromHost, toHost);
        else return WasiErrno.NoEnt;
        return WasiErrno.Success;
    }

    /// <summary>Entries are ".", "..", then the directory's names in ordinal order; the cookie is an entry index.
    /// The last entry may be cut short: a full buffer tells the guest to ask again from that cookie.</summary>
    public WasiErrno FdReaddir(ReadOnlySpan<Value> a)
    {
        var dir = context.Get(I32(a, 0)) as WasiDirectoryDescriptor ?? throw new WasiErrnoException(WasiErrno.NotDir);
        var mem = context.Memory;
        int buf = I32(a, 1);
        long bufLen = (uint)I32(a, 2);
        ulong cookie = (ulong)I64(a, 3);
        var target = mem.Slice(buf, bufLen);
        var entries = new List<(string Name, WasiFileType Type)> { (".", WasiFileType.Directory), ("..", WasiFileType.Directory) };
        foreach (var info in new DirectoryInfo(dir.HostPath).EnumerateFileSystemInfos().OrderBy(i => i.Name, StringComparer.Ordinal))
        {
            var type = info.LinkTarget is not null ? WasiFileType.SymbolicLink
                : info is DirectoryInfo ? WasiFileType.Directory : WasiFileType.RegularFile;
            entries.Add((info.Name, type));
        }
        int used = 0;
        Span<byte> header = stackalloc byte[24];
        for (ulong i = cookie; i < (ulong)entries.Count && used < target.Length; i++)
        {
            var name = Encoding.UTF8.GetBytes(entries[(int)i].Name);
            header.Clear();
            System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(header, i + 1);
            System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(header[8..], i + 1);
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(header[16..], (uint)name.Length);
            header[20] = (byte)entries[(int)i].Type;
            used += CopyTruncated(header, target[used..]);
            used += CopyTruncated(name, target[used..]);
        }
        mem.WriteU32(I32(a, 4), (uint)used);
        return WasiErrno.Success;
    }

    private static int CopyTruncated(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        int n = Math.Min(source.Length, destination.Length);
        source[..n].CopyTo(destination);
        return n;
    }
}
