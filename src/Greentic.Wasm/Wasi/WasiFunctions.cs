using System.Text;

namespace Greentic.Wasm.Wasi;

/// <summary>The preview-1 functions of one <see cref="WasiContext"/>. Each returns an errno; guest pointers are
/// checked by <see cref="GuestMemory"/> (a bad one answers EFAULT). One partial file per group.</summary>
internal sealed partial class WasiFunctions(WasiContext context)
{
    private WasiConfiguration Config => context.Configuration;

    private static int I32(ReadOnlySpan<Value> a, int i) => a[i].AsI32();
    private static long I64(ReadOnlySpan<Value> a, int i) => a[i].AsI64();

    public WasiErrno ArgsSizesGet(ReadOnlySpan<Value> a) => SizesGet(Config.Arguments, I32(a, 0), I32(a, 1));

    public WasiErrno ArgsGet(ReadOnlySpan<Value> a) => StringsGet(Config.Arguments, I32(a, 0), I32(a, 1));

    public WasiErrno EnvironSizesGet(ReadOnlySpan<Value> a) => SizesGet(EnvironmentStrings(), I32(a, 0), I32(a, 1));

    public WasiErrno EnvironGet(ReadOnlySpan<Value> a) => StringsGet(EnvironmentStrings(), I32(a, 0), I32(a, 1));

    private List<string> EnvironmentStrings() => Config.Environment.Select(kv => kv.Key + "=" + kv.Value).ToList();

    private WasiErrno SizesGet(IReadOnlyList<string> strings, int countPtr, int sizePtr)
    {
        long size = 0;
        foreach (var s in strings) size += Encoding.UTF8.GetByteCount(s) + 1;
        if (size > uint.MaxValue) return WasiErrno.Overflow;
        var mem = context.Memory;
        mem.WriteU32(countPtr, (uint)strings.Count);
        mem.WriteU32(sizePtr, (uint)size);
        return WasiErrno.Success;
    }

    /// <summary>Writes the pointer array at <paramref name="listPtr"/> and the NUL-terminated strings from <paramref name="bufPtr"/>.</summary>
    private WasiErrno StringsGet(IReadOnlyList<string> strings, int listPtr, int bufPtr)
    {
        var mem = context.Memory;
        uint cursor = (uint)bufPtr;
        for (int i = 0; i < strings.Count; i++)
        {
            var bytes = Encoding.UTF8.GetBytes(strings[i]);
            var dest = mem.Slice((int)cursor, bytes.Length + 1);
            bytes.CopyTo(dest);
            dest[^1] = 0;
            mem.WriteU32((int)((uint)listPtr + (uint)i * 4), cursor);
            cursor += (uint)bytes.Length + 1;
        }
        return WasiErrno.Success;
    }

    public WasiErrno ClockResGet(ReadOnlySpan<Value> a)
    {
        if ((uint)I32(a, 0) > 3) return WasiErrno.Inval;
        context.Memory.WriteU64(I32(a, 1), 1000);
        return WasiErrno.Success;
    }

    public WasiErrno ClockTimeGet(ReadOnlySpan<Value> a)
    {
        ulong now;
        switch (I32(a, 0))
        {
            case 0: // realtime
                now = (ulong)(Config.Clock.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks * 100;
                break;
            case 1 or 2 or 3: // monotonic; process and thread CPU time are approximated by time since start
                long ticks = Config.Clock.GetTimestamp() - (I32(a, 0) == 1 ? 0 : context.StartTimestamp);
                now = (ulong)((Int128)ticks * 1_000_000_000 / Config.Clock.TimestampFrequency);
                break;
            default:
                return WasiErrno.Inval;
        }
        context.Memory.WriteU64(I32(a, 2), now);
        return WasiErrno.Success;
    }

    public WasiErrno RandomGet(ReadOnlySpan<Value> a)
    {
        var span = context.Memory.Slice(I32(a, 0), (uint)I32(a, 1));
        Config.Random(span);
        return WasiErrno.Success;
    }

    public static WasiErrno ProcExit(ReadOnlySpan<Value> a) => throw new WasiExitException(a[0].AsI32());

    public static WasiErrno SchedYield(ReadOnlySpan<Value> a)
    {
        Thread.Yield();
        return WasiErrno.Success;
    }

    public static WasiErrno NotImplemented(ReadOnlySpan<Value> a) => WasiErrno.NoSys;
}
