using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Greentic.Events.V1;

namespace Greentic.ControlPlane.Events;

/// <summary>Between the wire <see cref="Event"/> and the log's <see cref="NewEvent"/>.</summary>
internal static class EventMapping
{
    public static NewEvent ToLog(Event e, string? team, TimeProvider time) => new(
        e.Id, team, e.Topic, e.Type, e.Source,
        e.HasSubject ? e.Subject : null,
        e.Time is { } t ? t.ToDateTimeOffset() : time.GetUtcNow(),
        e.HasCorrelationId ? e.CorrelationId : null,
        e.PayloadJson.Memory,
        e.Metadata.Count == 0 ? new Dictionary<string, string>() : new Dictionary<string, string>(e.Metadata, StringComparer.Ordinal));

    public static Event ToWire(NewEvent e)
    {
        var wire = new Event
        {
            Id = e.Id, Topic = e.Topic, Type = e.Type, Source = e.Source,
            Time = Timestamp.FromDateTimeOffset(e.Time),
            PayloadJson = UnsafeByteOperations.UnsafeWrap(e.PayloadJson),
        };
        if (e.Subject is not null) wire.Subject = e.Subject;
        if (e.CorrelationId is not null) wire.CorrelationId = e.CorrelationId;
        foreach (var (k, v) in e.Metadata) wire.Metadata[k] = v;
        return wire;
    }
}
