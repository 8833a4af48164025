namespace Greentic.ControlPlane.OAuth;

/// <summary>
/// One refresh at a time per {tenant, provider, subject} in this process: concurrent GetToken callers that all see an
/// expiring token queue here, and each re-reads the store once it holds the gate — the first refreshes, the rest find
/// the fresh token. Each waiter keeps its own cancellation. A gate lives only while someone holds or awaits it.
/// (Across replicas, a refresh that loses a rotating-token race re-reads the store instead of failing: see OAuthBroker.)
/// </summary>
internal sealed class RefreshGate
{
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public async Task<IDisposable> EnterAsync(string key, CancellationToken ct)
    {
        Entry entry;
        lock (_entries)
        {
            if (!_entries.TryGetValue(key, out entry!)) _entries[key] = entry = new Entry();
            entry.Users++;
        }
        try
        {
            await entry.Semaphore.WaitAsync(ct);
        }
        catch
        {
            Leave(key, entry, release: false);
            throw;
        }
        return new Holder(this, key, entry);
    }

    private void Leave(string key, Entry entry, bool release)
    {
        if (release) entry.Semaphore.Release();
        lock (_entries)
        {
            if (--entry.Users == 0) _entries.Remove(key);
        }
    }

    private sealed class Entry
    {
        public readonly SemaphoreSlim Semaphore = new(1, 1);
        public int Users;
    }

    private sealed class Holder(RefreshGate gate, string key, Entry entry) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0) gate.Leave(key, entry, release: true);
        }
    }
}
