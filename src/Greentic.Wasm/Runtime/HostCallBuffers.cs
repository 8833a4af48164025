namespace Greentic.Wasm.Runtime;

/// <summary>Per-thread argument and result arrays for guest→host calls, so a call allocates nothing. A host
/// function may re-enter the guest, which may call a host function again: an arity whose arrays are in use on this
/// thread falls back to fresh arrays. (Per thread, not per function: one host function can serve many stores on
/// many threads at once.)</summary>
internal sealed class HostCallBuffers
{
    private const int MaxCachedArity = 8;

    [ThreadStatic]
    private static HostCallBuffers? current;

    private readonly Value[][] args = new Value[MaxCachedArity + 1][];
    private readonly Value[][] results = new Value[MaxCachedArity + 1][];
    private readonly bool[] argsBusy = new bool[MaxCachedArity + 1];
    private readonly bool[] resultsBusy = new bool[MaxCachedArity + 1];

    private HostCallBuffers()
    {
        for (int i = 0; i <= MaxCachedArity; i++)
        {
            args[i] = new Value[i];
            results[i] = new Value[i];
        }
    }

    public static HostCallBuffers Current => current ??= new HostCallBuffers();

    public Value[] RentArgs(int count) => Rent(args, argsBusy, count);

    public Value[] RentResults(int count) => Rent(results, resultsBusy, count);

    private static Value[] Rent(Value[][] pool, bool[] busy, int count)
    {
        if (count > MaxCachedArity || busy[count]) return new Value[count];
        busy[count] = true;
        return pool[count];
    }

    /// <summary>Ends a call: the arrays may be reused. Reference values are cleared so the cache keeps nothing alive.</summary>
    public void Return(Value[] a, Value[] r, bool clearArgs)
    {
        if (a.Length <= MaxCachedArity && ReferenceEquals(args[a.Length], a))
        {
            if (clearArgs) Array.Clear(a);
            argsBusy[a.Length] = false;
        }
        if (r.Length <= MaxCachedArity && ReferenceEquals(results[r.Length], r)) resultsBusy[r.Length] = false;
    }
}
