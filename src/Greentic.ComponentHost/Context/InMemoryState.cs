using System.Collections.Concurrent;

namespace Greentic.ComponentHost;

/// <summary>State in a dictionary (one-shot invocations, tests). One instance is one tenant's namespace.</summary>
public sealed class InMemoryState : IStateAccess
{
    private readonly ConcurrentDictionary<string, byte[]> values = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, byte[]> Snapshot => new Dictionary<string, byte[]>(values);

    public ValueTask<ReadOnlyMemory<byte>?> ReadAsync(string key, CancellationToken cancellationToken) =>
        new(values.TryGetValue(key, out var value) ? new ReadOnlyMemory<byte>(value) : (ReadOnlyMemory<byte>?)null);

    public ValueTask WriteAsync(string key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken)
    {
        values[key] = value.ToArray();
        return ValueTask.CompletedTask;
    }

    public ValueTask DeleteAsync(string key, CancellationToken cancellationToken)
    {
        values.TryRemove(key, out _);
        return ValueTask.CompletedTask;
    }
}
