namespace Greentic.Gateway.Events;

/// <summary>
/// Where normalised ingress events go next: the tenant's durable event log. The production implementation
/// calls <c>greentic.events.v1.EventsService.Publish</c>; event ids are deterministic per delivery, so a
/// retried publish is deduplicated by the log.
/// </summary>
public interface IEventSink
{
    /// <exception cref="EventSinkException">The log did not accept the events.</exception>
    ValueTask PublishAsync(EventScope scope, IReadOnlyList<IngressEvent> events, CancellationToken cancellationToken);
}

/// <summary>The tenant (and team) whose log receives the events.</summary>
public sealed record EventScope(string Env, string Tenant, string? Team, string CorrelationId);

/// <summary>One event, shaped like greentic-types EventEnvelope (the tenant is the scope).</summary>
public sealed record IngressEvent(
    string Id,
    string Topic,
    string Type,
    string Source,
    string? Subject,
    DateTimeOffset Time,
    byte[] PayloadJson,
    IReadOnlyDictionary<string, string> Metadata);

public sealed class EventSinkException(string message, Exception? inner = null) : Exception(message, inner);
