using System.Text;

namespace Greentic.ComponentHost.Internal;

/// <summary>
/// Collects what the guest writes to stdout or stderr during one call and logs it line by line with the call's
/// tenant tags. Wasmtime delivers writes on its own thread, so the sink is built per store, captures its call, and
/// locks. Output over the per-call cap is dropped and counted.
/// </summary>
internal sealed class GuestOutputSink
{
    private readonly CallState call;
    private readonly bool isError;
    private readonly SharedBudget budget;
    private readonly StringBuilder pending = new();
    private readonly Lock gate = new();
    private readonly Decoder decoder = new UTF8Encoding(false, false).GetDecoder();

    public GuestOutputSink(CallState call, bool isError, SharedBudget budget)
    {
        this.call = call;
        this.isError = isError;
        this.budget = budget;
    }

    /// <summary>The byte budget both streams of one call share.</summary>
    public sealed class SharedBudget(long bytes)
    {
        private long left = bytes;
        public long Dropped;
        public int Take(int wanted)
        {
            var granted = (int)Math.Clamp(Interlocked.Add(ref left, -wanted) + wanted, 0, wanted);
            if (granted < wanted) Interlocked.Add(ref Dropped, wanted - granted);
            return granted;
        }
    }

    public void Write(ReadOnlySpan<byte> data)
    {
        var granted = budget.Take(data.Length);
        if (granted == 0) return;
        lock (gate)
        {
            Span<char> chars = stackalloc char[512];
            var bytes = data[..granted];
            while (!bytes.IsEmpty)
            {
                decoder.Convert(bytes, chars, flush: false, out var used, out var produced, out _);
                pending.Append(chars[..produced]);
                bytes = bytes[used..];
            }
            EmitCompleteLines();
        }
    }

    /// <summary>Logs a last unterminated line; called when the call ends.</summary>
    public void Flush()
    {
        lock (gate)
        {
            if (pending.Length > 0) Emit(pending.ToString());
            pending.Clear();
        }
    }

    private void EmitCompleteLines()
    {
        int newline;
        while ((newline = IndexOf(pending, '\n')) >= 0)
        {
            var line = pending.ToString(0, newline).TrimEnd('\r');
            pending.Remove(0, newline + 1);
            Emit(line);
        }
    }

    private void Emit(string line)
    {
        var tenant = call.Context.Tenant;
        if (isError)
        {
            if (line.StartsWith("memory allocation of ", StringComparison.Ordinal)) call.GuestReportedAllocationFailure = true;
            Log.GuestStderr(call.Context.Logger, tenant.Env, tenant.Tenant, tenant.Team ?? "_", call.Component, line);
        }
        else Log.GuestStdout(call.Context.Logger, tenant.Env, tenant.Tenant, tenant.Team ?? "_", call.Component, line);
    }

    private static int IndexOf(StringBuilder builder, char c)
    {
        for (var i = 0; i < builder.Length; i++) if (builder[i] == c) return i;
        return -1;
    }
}
