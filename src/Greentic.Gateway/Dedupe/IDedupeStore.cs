namespace Greentic.Gateway.Dedupe;

/// <summary>
/// Remembers which platform deliveries were already taken, shared by every gateway replica, so a platform's
/// retry is processed once. "First one wins" is one atomic statement in the store: of any number of
/// replicas claiming the same key at once, exactly one gets <see cref="DedupeClaimResult.Claimed"/>.
/// <list type="bullet">
/// <item>A claim is in flight for <c>Dedupe:InFlightLease</c>: a replica that dies mid-delivery does not block the platform's retry longer than that.</item>
/// <item><see cref="CompleteAsync"/> marks it done for <c>Dedupe:Ttl</c>, optionally with the response to replay.</item>
/// <item><see cref="ReleaseAsync"/> forgets a claim whose processing failed, so the retry is processed.</item>
/// </list>
/// </summary>
public interface IDedupeStore
{
    /// <summary>e.g. <c>sqlite:/var/lib/greentic/gateway-dedupe.db</c> or <c>postgres:host/db</c>.</summary>
    string Description { get; }

    ValueTask<DedupeClaimResult> ClaimAsync(string key, TimeSpan lease, CancellationToken cancellationToken);

    ValueTask CompleteAsync(string key, DedupeResponse? response, TimeSpan ttl, CancellationToken cancellationToken);

    ValueTask ReleaseAsync(string key, CancellationToken cancellationToken);

    /// <summary>Deletes expired entries; returns how many.</summary>
    ValueTask<int> PurgeExpiredAsync(CancellationToken cancellationToken);
}

public enum DedupeOutcome
{
    /// <summary>This caller is the first: process the delivery.</summary>
    Claimed,
    /// <summary>Another caller has it and has not finished.</summary>
    InFlight,
    /// <summary>Already processed; <see cref="DedupeClaimResult.Response"/> holds the stored response, if one was kept.</summary>
    Done,
}

public readonly record struct DedupeClaimResult(DedupeOutcome Outcome, DedupeResponse? Response);

/// <summary>A response kept for replay (Idempotency-Key).</summary>
public sealed record DedupeResponse(int Status, string? ContentType, byte[] Body);
