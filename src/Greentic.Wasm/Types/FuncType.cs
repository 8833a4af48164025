using System.Collections.Concurrent;

namespace Greentic.Wasm;

/// <summary>A function signature. Instances are structurally compared; <see cref="Id"/> is a process-wide
/// canonical number, so two equal signatures always have the same id (used by call_indirect).</summary>
public sealed class FuncType : IEquatable<FuncType>
{
    private static readonly ConcurrentDictionary<FuncType, int> Ids = new();
    private static int nextId;

    public FuncType(IEnumerable<ValType> parameters, IEnumerable<ValType> results)
    {
        Params = parameters.ToArray();
        Results = results.ToArray();
        Id = Ids.GetOrAdd(this, _ => Interlocked.Increment(ref nextId));
    }

    public static readonly FuncType Empty = new([], []);

    public IReadOnlyList<ValType> Parameters => Params;
    public IReadOnlyList<ValType> ResultTypes => Results;
    internal ValType[] Params { get; }
    internal ValType[] Results { get; }
    internal int Id { get; }

    public bool Equals(FuncType? other) =>
        other is not null && Params.AsSpan().SequenceEqual(other.Params) && Results.AsSpan().SequenceEqual(other.Results);

    public override bool Equals(object? obj) => obj is FuncType f && Equals(f);

    public override int GetHashCode()
    {
        var h = new HashCode();
        foreach (var p in Params) h.Add(p);
        h.Add(0xFF);
        foreach (var r in Results) h.Add(r);
        return h.ToHashCode();
    }

    public override string ToString() =>
        $"({string.Join(", ", Params.Select(p => p.Name()))}) -> ({string.Join(", ", Results.Select(p => p.Name()))})";
}
