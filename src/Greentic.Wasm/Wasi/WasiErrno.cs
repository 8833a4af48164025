namespace Greentic.Wasm.Wasi;

/// <summary>The preview-1 errno values this implementation returns (numbering from wasi_snapshot_preview1).</summary>
public enum WasiErrno : ushort
{
    Success = 0,
    TooBig = 1,
    Access = 2,
    Again = 6,
    BadF = 8,
    Exist = 20,
    Fault = 21,
    Inval = 28,
    Io = 29,
    IsDir = 31,
    Loop = 32,
    MFile = 33,
    NameTooLong = 37,
    NoEnt = 44,
    NoSys = 52,
    NotDir = 54,
    NotEmpty = 55,
    NotSup = 58,
    Overflow = 61,
    Perm = 63,
    SPipe = 70,
    NotCapable = 76,
}

/// <summary>Thrown inside a WASI function to answer the guest with an errno (never leaves the WASI layer).</summary>
internal sealed class WasiErrnoException(WasiErrno errno) : Exception(errno.ToString())
{
    public WasiErrno Errno { get; } = errno;
}
