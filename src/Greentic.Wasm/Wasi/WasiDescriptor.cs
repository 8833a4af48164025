namespace Greentic.Wasm.Wasi;

/// <summary>preview-1 <c>filetype</c>.</summary>
internal enum WasiFileType : byte
{
    Unknown = 0,
    CharacterDevice = 2,
    Directory = 3,
    RegularFile = 4,
    SymbolicLink = 7,
}

/// <summary>One entry of the guest's descriptor table.</summary>
internal abstract class WasiDescriptor
{
    /// <summary>Every right preview 1 defines (bits 0..29); the sandbox enforces access by itself, not by rights.</summary>
    public const ulong AllRights = (1UL << 30) - 1;

    public abstract WasiFileType FileType { get; }
    public virtual ushort Flags => 0;
    public virtual ulong RightsBase => AllRights;
    public virtual ulong RightsInheriting => AllRights;
    public virtual void Close() { }
}

/// <summary>stdin, stdout or stderr: a non-seekable character device over a host stream.</summary>
internal sealed class WasiStdioDescriptor(Stream? stream, bool writable) : WasiDescriptor
{
    // No seek/tell rights: that is how wasi-libc's isatty() recognizes a terminal-like stream.
    private const ulong ReadRights = 1UL << 1 | 1UL << 27;
    private const ulong WriteRights = 1UL << 6 | 1UL << 27;

    public Stream? Stream { get; } = stream;
    public bool Writable { get; } = writable;
    public override WasiFileType FileType => WasiFileType.CharacterDevice;
    public override ulong RightsBase => Writable ? WriteRights : ReadRights;
    public override ulong RightsInheriting => 0;
}

/// <summary>An open regular file inside a preopened directory.</summary>
internal sealed class WasiFileDescriptor(FileStream stream, bool append, bool readOnlyDirectory) : WasiDescriptor
{
    public FileStream Stream { get; } = stream;
    public bool Append { get; } = append;
    public bool ReadOnly { get; } = readOnlyDirectory || !stream.CanWrite;
    public override WasiFileType FileType => WasiFileType.RegularFile;
    public override ushort Flags => Append ? (ushort)1 : (ushort)0;
    public override void Close() => Stream.Dispose();
}

/// <summary>A directory: a preopen (with its guest name) or one opened below a preopen.</summary>
internal sealed class WasiDirectoryDescriptor(string hostPath, string root, bool readOnly, string? preopenName) : WasiDescriptor
{
    /// <summary>The directory's full host path.</summary>
    public string HostPath { get; } = hostPath;
    /// <summary>The preopen this directory lies in; nothing outside it is ever reachable.</summary>
    public string Root { get; } = root;
    public bool ReadOnly { get; } = readOnly;
    /// <summary>The guest name when this is a preopen (reported by fd_prestat_get), otherwise null.</summary>
    public string? PreopenName { get; } = preopenName;
    public override WasiFileType FileType => WasiFileType.Directory;
}
