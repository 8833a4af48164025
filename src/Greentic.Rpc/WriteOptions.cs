namespace Greentic.Rpc;

/// <summary>How one message is written, as in Grpc.Core.</summary>
[Flags]
public enum WriteFlags
{
    /// <summary>The write may be buffered instead of flushed at once.</summary>
    BufferHint = 0x1,

    /// <summary>Send this message uncompressed even though the call compresses (its compressed flag is 0).</summary>
    NoCompress = 0x2,
}

public sealed class WriteOptions(WriteFlags flags = default)
{
    public static readonly WriteOptions Default = new();

    public WriteFlags Flags { get; } = flags;
}
