namespace Greentic.ControlPlane.Events.JetStream;

/// <summary><c>Greentic:Events:JetStream</c>: where the event logs live when <c>Greentic:Events:Backend</c> is <c>JetStream</c>.</summary>
public sealed class JetStreamOptions
{
    public const string SectionName = "Greentic:Events:JetStream";

    /// <summary>The NATS server(s): <c>nats://host:4222</c> (comma-separated for a cluster).</summary>
    public string Url { get; set; } = "nats://127.0.0.1:4222";

    /// <summary>One stream per environment: <c>{StreamPrefix}_{env}</c>.</summary>
    public string StreamPrefix { get; set; } = "GREENTIC_EVENTS";

    /// <summary>Subjects: <c>{SubjectPrefix}.{env}.{tenant}.{team or _}.{provider}</c>.</summary>
    public string SubjectPrefix { get; set; } = "greentic.events";

    /// <summary>
    /// How long JetStream remembers an event id (<c>Nats-Msg-Id</c>) to drop a re-published duplicate. Publish is
    /// idempotent per id within this window; the gateway's webhook dedupe keeps ids as long (24 h).
    /// </summary>
    public TimeSpan DuplicateWindow { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Stream and bucket replicas in a NATS cluster (1 for a single server, 3 in production).</summary>
    public int Replicas { get; set; } = 1;

    /// <summary>The key-value bucket of durable subscriber positions and retention floors.</summary>
    public string MetaBucket { get; set; } = "greentic_events_meta";

    /// <summary>How long one request to the server may take.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
