using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Greentic.ComponentHost;

/// <summary>
/// Everything one component call may reach, scoped to the tenant that started it. Host imports the component calls
/// during this call see exactly this context, never another call's (many calls run at once on different threads).
/// </summary>
public sealed class ComponentCallContext
{
    public required TenantScope Tenant { get; init; }
    public ISecretsAccess Secrets { get; init; } = NoSecrets.Instance;
    /// <summary>Null: the call has no state; a granted state import then answers <c>unavailable</c>.</summary>
    public IStateAccess? State { get; init; }
    public IHttpEgress Http { get; init; } = DeniedEgress.Instance;
    /// <summary>The OAuth broker for this call's tenant (null: a granted broker import answers with empty strings).</summary>
    public IOAuthBrokerAccess? OAuth { get; init; }
    /// <summary>Receives the guest's stdout/stderr lines and its logger-api records, tagged with the tenant.</summary>
    public ILogger Logger { get; init; } = NullLogger.Instance;
    /// <summary>The call's budget from its start (null: <see cref="ComponentLimits.DefaultTimeout"/>).</summary>
    public TimeSpan? Timeout { get; init; }
    /// <summary>An absolute deadline (e.g. the gRPC deadline); the earlier of this and <see cref="Timeout"/> wins.</summary>
    public DateTimeOffset? Deadline { get; init; }
    public CancellationToken CancellationToken { get; init; }
    /// <summary>An id for logs (e.g. the request id).</summary>
    public string? CallId { get; init; }
}
