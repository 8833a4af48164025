using Greentic.ControlPlane.Tenancy;
using Greentic.ControlPlane.Auth;

namespace Greentic.ControlPlane.Stores;

/// <summary>
/// Tenant-scoped key/value state (upstream <c>greentic:state/state-store</c>). Every operation names its
/// scope through <see cref="StateKey.Scope"/>; a scope sees only its own entries (a tenant-level listing
/// does not include team- or user-level keys).
/// </summary>
public interface IStateStore
{
    /// <summary>The value, or null when the key does not exist.</summary>
    ValueTask<byte[]?> ReadAsync(StateKey key, CancellationToken cancellationToken);

    /// <summary>Creates or replaces. When this returns, the write is durable (it survives a crash of the process).</summary>
    /// <exception cref="ArgumentException">The value exceeds the configured maximum size.</exception>
    ValueTask WriteAsync(StateKey key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken);

    /// <summary>Deletes; returns whether the key existed.</summary>
    ValueTask<bool> DeleteAsync(StateKey key, CancellationToken cancellationToken);

    /// <summary>Keys under <paramref name="scope"/> and <paramref name="prefix"/> that start with <paramref name="keyPrefix"/>, in ordinal order, at most <paramref name="limit"/>.</summary>
    ValueTask<IReadOnlyList<string>> ListKeysAsync(TenantContext scope, string prefix, string? keyPrefix, int limit, CancellationToken cancellationToken);
}

/// <summary>The outcome of <see cref="IDedupeStore.TryRecordAsync"/>.</summary>
/// <param name="IsFirst">True when this call recorded the id: process the event. False: a duplicate.</param>
/// <param name="StoredResult">For a duplicate, the result stored for the first one, if any (e.g. a cached HTTP reply).</param>
public readonly record struct DedupeResult(bool IsFirst, byte[]? StoredResult);

/// <summary>
/// Remembers ids (webhook update ids, event ids, idempotency keys) for a while, per tenant scope and
/// namespace, so a duplicate delivery is recognised — across replicas when the store is shared.
/// </summary>
public interface IDedupeStore
{
    /// <summary>Records <paramref name="id"/> unless it was recorded and has not expired; atomic across concurrent callers.</summary>
    ValueTask<DedupeResult> TryRecordAsync(TenantContext scope, string @namespace, string id, TimeSpan ttl, CancellationToken cancellationToken);

    /// <summary>Stores the result of processing <paramref name="id"/>, returned to later duplicates.</summary>
    ValueTask SetResultAsync(TenantContext scope, string @namespace, string id, ReadOnlyMemory<byte> result, CancellationToken cancellationToken);

    /// <summary>Deletes expired records; returns how many.</summary>
    ValueTask<int> PurgeExpiredAsync(CancellationToken cancellationToken);
}

/// <summary>A backend failure (database unreachable, disk full); the message is safe to return to a caller.</summary>
public sealed class StateStoreException(string message, Exception? inner = null) : Exception(message, inner);
