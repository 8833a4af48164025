namespace Greentic.Wasm.Runtime;

/// <summary>The host-to-guest boundary: sets the stack limit on the outermost entry, and restores the call depth
/// whatever happens, so a trap leaves the store consistent.</summary>
internal static class Execution
{
    public static void Run(ExecState state, StubFactory.EntryInvoker entry, nint code, object context, Value[] args, Value[] results)
    {
        int savedDepth = state.Depth;
        nuint savedLimit = state.StackLimit;
        if (savedDepth == 0) state.StackLimit = StackGuard.ComputeLimit(state.MaxStackBytes);
        try
        {
            entry(code, context, args, results);
        }
        catch (InsufficientExecutionStackException e)
        {
            throw new TrapException(TrapCode.CallStackExhausted, null, e);
        }
        finally
        {
            state.Depth = savedDepth;
            state.StackLimit = savedLimit;
        }
    }
}
