using Greentic.ControlPlane.Tenancy;
using Greentic.Messaging.V1;

namespace Greentic.ControlPlane.Messaging;

/// <summary>
/// Where messaging egress keeps what must outlive a call, per tenant (env + tenant; team and user are fields):
/// dead letters (upstream's record, plus the envelope for replay) and send jobs (a caller's job_id → its outcome).
/// </summary>
public interface IMessagingStore
{
    /// <summary>Appends a dead letter; its <see cref="DeadLetter.Id"/> is assigned when empty.</summary>
    ValueTask<DeadLetter> AddDeadLetterAsync(TenantContext tenant, DeadLetter letter, CancellationToken cancellationToken);

    /// <summary>Newest first, after <paramref name="pageToken"/> (an id this listing returned).</summary>
    ValueTask<(IReadOnlyList<DeadLetter> Letters, string NextPageToken)> ListDeadLettersAsync(TenantContext tenant, string? providerType, int pageSize, string? pageToken, CancellationToken cancellationToken);

    ValueTask<DeadLetter?> GetDeadLetterAsync(TenantContext tenant, string id, CancellationToken cancellationToken);

    /// <summary>Replaces a dead letter's record (after a failed replay).</summary>
    ValueTask UpdateDeadLetterAsync(TenantContext tenant, DeadLetter letter, CancellationToken cancellationToken);

    ValueTask<int> DeleteDeadLettersAsync(TenantContext tenant, IReadOnlyCollection<string> ids, CancellationToken cancellationToken);

    /// <summary>
    /// Claims <paramref name="jobId"/> for this sender: true when it is new (or an earlier claim's lease ran out); false with the
    /// stored outcome when the job finished, or with null when another sender holds it now.
    /// </summary>
    ValueTask<(bool Claimed, SendResponse? Outcome)> ClaimJobAsync(TenantContext tenant, string jobId, TimeSpan lease, CancellationToken cancellationToken);

    /// <summary>Records a job's outcome, kept for <paramref name="ttl"/>.</summary>
    ValueTask CompleteJobAsync(TenantContext tenant, string jobId, SendResponse outcome, TimeSpan ttl, CancellationToken cancellationToken);

    /// <summary>Forgets a claim whose send never ran to an outcome (the caller cancelled), so a retry of the job runs.</summary>
    ValueTask ReleaseJobAsync(TenantContext tenant, string jobId, CancellationToken cancellationToken);
}
