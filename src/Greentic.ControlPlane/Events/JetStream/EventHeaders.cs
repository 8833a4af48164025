using System.Globalization;
using System.Text.Json;
using NATS.Client.Core;

namespace Greentic.ControlPlane.Events.JetStream;

/// <summary>
/// An event as a JetStream message: the payload is the event's JSON payload; its other fields travel in headers
/// (<c>Greentic-*</c>), plus <c>Nats-Msg-Id = {tenant}:{id}</c>, which makes a re-publish a server-side duplicate, and
/// the append time by the host's clock (<c>Greentic-Appended</c>), which retention by age reads.
/// </summary>
internal static class EventHeaders
{
    private const string Id = "Greentic-Id", Team = "Greentic-Team", Topic = "Greentic-Topic", Type = "Greentic-Type", Source = "Greentic-Source",
        Subject = "Greentic-Subject", Time = "Greentic-Time", Correlation = "Greentic-Correlation", Metadata = "Greentic-Metadata",
        Appended = "Greentic-Appended";

    public static NatsHeaders ToHeaders(EventStreamId stream, NewEvent e, DateTimeOffset appended)
    {
        var h = new NatsHeaders
        {
            ["Nats-Msg-Id"] = $"{stream.Tenant}:{e.Id}",
            [Id] = e.Id,
            [Topic] = e.Topic,
            [Type] = e.Type,
            [Source] = e.Source,
            [Time] = e.Time.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
            [Appended] = appended.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
            [Metadata] = JsonSerializer.Serialize(e.Metadata),
        };
        if (e.Team is not null) h[Team] = e.Team;
        if (e.Subject is not null) h[Subject] = e.Subject;
        if (e.CorrelationId is not null) h[Correlation] = e.CorrelationId;
        return h;
    }

    public static NewEvent FromMessage(NatsHeaders? h, byte[]? payload)
    {
        string? Get(string key) => h is not null && h.TryGetValue(key, out var v) ? v.ToString() : null;
        var metadata = Get(Metadata) is { } json ? JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? [] : [];
        return new NewEvent(Get(Id) ?? "", Get(Team), Get(Topic) ?? "", Get(Type) ?? "", Get(Source) ?? "", Get(Subject),
            DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(Get(Time) ?? "0", CultureInfo.InvariantCulture)), Get(Correlation),
            payload ?? [], metadata);
    }

    public static DateTimeOffset AppendedAt(NatsHeaders? h) =>
        h is not null && h.TryGetValue(Appended, out var v) && long.TryParse(v.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
            : DateTimeOffset.MinValue;
}
