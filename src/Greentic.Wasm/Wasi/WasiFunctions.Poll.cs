namespace Greentic.Wasm.Wasi;

internal sealed partial class WasiFunctions
{
    private const int SubscriptionSize = 48, EventSize = 32;
    private const byte EventClock = 0;

    /// <summary>Minimal <c>poll_oneoff</c>: fd subscriptions are reported ready at once (stdio and files never
    /// block here); otherwise the call sleeps until the earliest clock subscription expires and reports it.</summary>
    public WasiErrno PollOneoff(ReadOnlySpan<Value> a)
    {
        var mem = context.Memory;
        int inPtr = I32(a, 0), outPtr = I32(a, 1), count = I32(a, 2);
        if (count <= 0 || count > 4096) return WasiErrno.Inval;
        mem.Slice(inPtr, (long)count * SubscriptionSize);
        mem.Slice(outPtr, (long)count * EventSize);
        int events = 0;
        ulong? earliest = null;
        int earliestIndex = -1;
        for (int i = 0; i < count; i++)
        {
            int sub = inPtr + i * SubscriptionSize;
            byte tag = mem.ReadU8(sub + 8);
            if (tag == EventClock)
            {
                ulong timeout = mem.ReadU64(sub + 24);
                bool absolute = (mem.ReadU16(sub + 40) & 1) != 0;
                if (absolute) timeout = (ulong)Math.Max(0, (long)(timeout - CurrentNanoseconds(mem.ReadU32(sub + 16))));
                if (earliest is null || timeout < earliest) (earliest, earliestIndex) = (timeout, i);
            }
            else if (tag is 1 or 2)
            {
                var errno = context.Has((int)mem.ReadU32(sub + 16)) ? WasiErrno.Success : WasiErrno.BadF;
                WriteEvent(mem, outPtr + events++ * EventSize, mem.ReadU64(sub), errno, tag);
            }
            else
            {
                return WasiErrno.Inval;
            }
        }
        if (events == 0 && earliestIndex >= 0)
        {
            var delay = TimeSpan.FromTicks((long)Math.Min(earliest!.Value / 100, (ulong)TimeSpan.FromDays(1).Ticks));
            if (delay > TimeSpan.Zero) Config.Cancellation.WaitHandle.WaitOne(delay);
            if (Config.Cancellation.IsCancellationRequested)
                throw new TrapException(TrapCode.Interrupt, "the WASI wait was cancelled by the host");
            WriteEvent(mem, outPtr, mem.ReadU64(inPtr + earliestIndex * SubscriptionSize), WasiErrno.Success, EventClock);
            events = 1;
        }
        mem.WriteU32(I32(a, 3), (uint)events);
        return WasiErrno.Success;
    }

    private ulong CurrentNanoseconds(uint clockId) => clockId == 0
        ? (ulong)(Config.Clock.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks * 100
        : (ulong)((Int128)Config.Clock.GetTimestamp() * 1_000_000_000 / Config.Clock.TimestampFrequency);

    private static void WriteEvent(GuestMemory mem, int p, ulong userdata, WasiErrno errno, byte type)
    {
        mem.Slice(p, EventSize).Clear();
        mem.WriteU64(p, userdata);
        mem.WriteU16(p + 8, (ushort)errno);
        mem.WriteU8(p + 10, type);
    }
}
