using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using NATS.Client.KeyValueStore;

namespace Greentic.ControlPlane.Events.JetStream;

/// <summary>
/// The tenant event logs on NATS JetStream, for replicas that share events:
/// <list type="bullet">
/// <item>one stream per environment (<c>{StreamPrefix}_{env}</c>, file storage), subjects
/// <c>{prefix}.{env}.{tenant}.{team or _}.{provider}</c>; a tenant's log is the subject filter
/// <c>{prefix}.{env}.{tenant}.></c>, its positions are stream sequences (rising, with gaps where other tenants' events sit);</item>
/// <item>append = a JetStream publish acknowledged by the server (durable when it returns), <c>Nats-Msg-Id =
/// {tenant}:{event id}</c> so a re-publish within <see cref="JetStreamOptions.DuplicateWindow"/> is the server's duplicate,
/// answered with the original sequence;</item>
/// <item>reads use short-lived pull consumers from a start sequence, filtered to the tenant (or team); a subscription waiting for news listens on the tenant's
/// subjects, so an append on any replica wakes it;</item>
/// <item>durable subscribers' positions and retention floors live in a JetStream key-value bucket (<see cref="EventLogMeta"/>);
/// retention purges by subject filter (count: the oldest beyond the limit; age: by the append time the host stamped).</item>
/// </list>
/// </summary>
public sealed class JetStreamEventLog : IEventLog, IAsyncDisposable
{
    private readonly JetStreamOptions _options;
    private readonly NatsConnection _nats;
    private readonly NatsJSContext _js;
    private readonly EventSubjects _subjects;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, Lazy<Task>> _streams = new(StringComparer.Ordinal);
    private readonly Lazy<Task<EventLogMeta>> _meta;

    public JetStreamEventLog(JetStreamOptions options, TimeProvider? time = null, ILogger<JetStreamEventLog>? logger = null)
    {
        _options = options;
        _time = time ?? TimeProvider.System;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _nats = new NatsConnection(new NatsOpts { Url = options.Url, Name = "greentic-control-plane", RequestTimeout = options.RequestTimeout });
        _js = new NatsJSContext(_nats);
        _subjects = new EventSubjects(options);
        _meta = new Lazy<Task<EventLogMeta>>(CreateMetaAsync);
        var url = new Uri(options.Url.Split(',')[0].Trim());
        Description = $"jetstream:{url.Host}:{url.Port}";
    }

    public string Description { get; }

    public async ValueTask<IReadOnlyList<AppendResult>> AppendAsync(EventStreamId stream, IReadOnlyList<NewEvent> events, CancellationToken cancellationToken)
    {
        if (events.Count == 0) return [];
        return await Run("append", async () =>
        {
            await EnsureStreamAsync(stream.Env, cancellationToken);
            var appended = _time.GetUtcNow();
            var results = new List<AppendResult>(events.Count);
            // One at a time, in order: each is acknowledged before the next is sent, so the log's order is the caller's.
            foreach (var e in events)
            {
                var ack = await _js.PublishAsync(_subjects.Subject(stream, e.Team, e.Source), e.PayloadJson.ToArray(),
                    headers: EventHeaders.ToHeaders(stream, e, appended), cancellationToken: cancellationToken);
                if (ack.Error is { } error) throw new EventLogException($"the event log refused event '{e.Id}': {error.Description}");
                results.Add(new AppendResult(e.Id, (long)ack.Seq, ack.Duplicate));
            }
            return (IReadOnlyList<AppendResult>)results;
        });
    }

    public async ValueTask<IReadOnlyList<LoggedEvent>> ReadAsync(EventStreamId stream, long afterSequence, string? team, int limit, CancellationToken cancellationToken)
    {
        return await Run("read", async () =>
        {
            if (!await StreamExistsAsync(stream.Env, cancellationToken)) return (IReadOnlyList<LoggedEvent>)[];
            return await ReadCoreAsync(stream, afterSequence, team, limit, cancellationToken);
        });
    }

    private async Task<IReadOnlyList<LoggedEvent>> ReadCoreAsync(EventStreamId stream, long afterSequence, string? team, int limit, CancellationToken cancellationToken,
        Func<INatsJSMsg<byte[]>, bool>? takeWhile = null)
    {
        // An ephemeral pull consumer with one filter subject (nats-server 2.9 does not know filter_subjects, which ordered
        // consumers send), no acks, deleted after the fetch.
        var streamName = _subjects.Stream(stream.Env);
        // A name of its own: without one the client's create subject makes the server read the filter's first token as the name.
        var consumer = await _js.CreateOrUpdateConsumerAsync(streamName, new ConsumerConfig("read-" + Guid.NewGuid().ToString("N"))
        {
            FilterSubject = _subjects.Filter(stream, team),
            DeliverPolicy = ConsumerConfigDeliverPolicy.ByStartSequence,
            OptStartSeq = (ulong)Math.Max(1, afterSequence + 1),
            AckPolicy = ConsumerConfigAckPolicy.None,
            InactiveThreshold = TimeSpan.FromSeconds(30),
            MemStorage = true,
            NumReplicas = 1,
        }, cancellationToken);
        var events = new List<LoggedEvent>();
        try
        {
            await foreach (var msg in consumer.FetchNoWaitAsync<byte[]>(new NatsJSFetchOpts { MaxMsgs = limit }, cancellationToken: cancellationToken))
            {
                if (takeWhile is not null && !takeWhile(msg)) break;
                events.Add(new LoggedEvent((long)msg.Metadata!.Value.Sequence.Stream, EventHeaders.FromMessage(msg.Headers, msg.Data)));
            }
        }
        finally
        {
            await _js.DeleteConsumerAsync(streamName, consumer.Info.Name, CancellationToken.None);
        }
        return events;
    }

    public async Task WaitForAppendAsync(EventStreamId stream, long afterSequence, TimeSpan maxWait, CancellationToken cancellationToken)
    {
        // Listen first, then look: an append between the look and the wait still wakes the waiter.
        await using var news = await _nats.SubscribeCoreAsync<byte[]>(_subjects.Filter(stream), cancellationToken: cancellationToken);
        if ((await ReadAsync(stream, afterSequence, null, 1, cancellationToken)).Count > 0) return;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(maxWait);
        try
        {
            await news.Msgs.WaitToReadAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // maxWait passed: the caller looks at the log again.
        }
    }

    public async ValueTask<LogBounds> BoundsAsync(EventStreamId stream, CancellationToken cancellationToken)
    {
        return await Run("bounds", async () =>
        {
            if (!await StreamExistsAsync(stream.Env, cancellationToken)) return new LogBounds(0, 0);
            var info = await _js.GetStreamAsync(_subjects.Stream(stream.Env), new StreamInfoRequest { SubjectsFilter = _subjects.Filter(stream) }, cancellationToken);
            var held = info.Info.State.Subjects?.Values.Sum(c => (long)c) ?? 0;
            // Head: the stream's last sequence bounds every sequence this tenant was ever given and is below any it will get.
            var head = (long)info.Info.State.LastSeq;
            var floor = await (await _meta.Value).FloorAsync(stream, cancellationToken);
            return new LogBounds(held == 0 ? 0 : Math.Max(1, floor), head);
        });
    }

    public async ValueTask<SubscriberPosition?> GetSubscriberAsync(EventStreamId stream, string subscriber, CancellationToken cancellationToken) =>
        await Run("subscriber", async () => await (await _meta.Value).GetAsync(stream, subscriber, cancellationToken));

    public async ValueTask<SubscriberPosition> ResumeAsync(EventStreamId stream, string subscriber, long startAfter, CancellationToken cancellationToken) =>
        await Run("resume", async () => await (await _meta.Value).ResumeAsync(stream, subscriber, startAfter, cancellationToken));

    public async ValueTask RecordDeliveredAsync(EventStreamId stream, string subscriber, long sequence, CancellationToken cancellationToken) =>
        await Run("delivered", async () =>
        {
            await (await _meta.Value).RecordDeliveredAsync(stream, subscriber, sequence, cancellationToken);
            return true;
        });

    public async ValueTask<long> AckAsync(EventStreamId stream, string subscriber, long sequence, CancellationToken cancellationToken) =>
        await Run("ack", async () => await (await _meta.Value).AckAsync(stream, subscriber, sequence, cancellationToken));

    public async ValueTask<int> TrimAsync(RetentionPolicy policy, CancellationToken cancellationToken)
    {
        return await Run("trim", async () =>
        {
            var deleted = 0;
            await foreach (var name in _js.ListStreamNamesAsync(cancellationToken: cancellationToken))
            {
                if (!name.StartsWith(_options.StreamPrefix + "_", StringComparison.Ordinal)) continue;
                var env = name[(_options.StreamPrefix.Length + 1)..];
                var info = await _js.GetStreamAsync(name, new StreamInfoRequest { SubjectsFilter = _subjects.StreamSubjects(env) }, cancellationToken);
                var tenants = (info.Info.State.Subjects ?? new Dictionary<string, long>())
                    .GroupBy(s => _subjects.TenantOf(env, s.Key)).Where(g => g.Key is not null)
                    .Select(g => (Tenant: g.Key!, Count: g.Sum(s => (long)s.Value)));
                foreach (var (tenant, count) in tenants)
                    deleted += await TrimTenantAsync(name, new EventStreamId(env, tenant), count, policy, cancellationToken);
            }
            return deleted;
        });
    }

    /// <summary>Purges the tenant's oldest events beyond the count and older than the age, then raises its floor past them.</summary>
    private async Task<int> TrimTenantAsync(string streamName, EventStreamId stream, long count, RetentionPolicy policy, CancellationToken cancellationToken)
    {
        var excess = policy.MaxEventsPerTenant is { } max && count > max ? count - max : 0;
        var cutoff = policy.MaxAge is { } age ? _time.GetUtcNow() - age : DateTimeOffset.MinValue;
        long lastRemoved = 0, firstKept = 0, removed = 0;
        var after = 0L;
        while (true)
        {
            var batch = await ReadCoreAsync(stream, after, null, 500, cancellationToken);
            if (batch.Count == 0) break;
            foreach (var e in batch)
            {
                if (removed < excess || (await AppendedAtAsync(streamName, e.Sequence, cancellationToken)) < cutoff)
                {
                    lastRemoved = e.Sequence;
                    removed++;
                    continue;
                }
                firstKept = e.Sequence;
                break;
            }
            if (firstKept != 0) break;
            after = batch[^1].Sequence;
        }
        if (removed == 0) return 0;
        var filter = _subjects.Filter(stream);
        var response = firstKept != 0
            ? await _js.PurgeStreamAsync(streamName, new StreamPurgeRequest { Filter = filter, Seq = (ulong)firstKept }, cancellationToken)
            : await _js.PurgeStreamAsync(streamName, new StreamPurgeRequest { Filter = filter }, cancellationToken);
        await (await _meta.Value).RaiseFloorAsync(stream, lastRemoved + 1, cancellationToken);
        return (int)response.Purged;
    }

    private async Task<DateTimeOffset> AppendedAtAsync(string streamName, long sequence, CancellationToken cancellationToken)
    {
        var msg = await _js.GetStreamAsync(streamName, cancellationToken: cancellationToken);
        var raw = await msg.GetAsync(new StreamMsgGetRequest { Seq = (ulong)sequence }, cancellationToken);
        return EventHeaders.AppendedAt(raw.Message.Hdrs is { } h ? ParseHeaders(h) : null);
    }

    private static NatsHeaders? ParseHeaders(string encoded)
    {
        // Stream message get returns headers base64-encoded in the NATS/1.0 wire format.
        var text = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(encoded));
        var headers = new NatsHeaders();
        foreach (var line in text.Split("\r\n").Skip(1))
        {
            var colon = line.IndexOf(':');
            if (colon > 0) headers[line[..colon]] = line[(colon + 1)..].Trim();
        }
        return headers;
    }

    private Task EnsureStreamAsync(string env, CancellationToken cancellationToken) =>
        _streams.GetOrAdd(env, e => new Lazy<Task>(() => CreateStreamAsync(e))).Value.WaitAsync(cancellationToken);

    private async Task CreateStreamAsync(string env)
    {
        try
        {
            await _js.CreateOrUpdateStreamAsync(new StreamConfig(_subjects.Stream(env), [_subjects.StreamSubjects(env)])
            {
                Storage = StreamConfigStorage.File,
                Retention = StreamConfigRetention.Limits,
                DuplicateWindow = _options.DuplicateWindow,
                NumReplicas = _options.Replicas,
                AllowDirect = true,
                Description = $"Greentic tenant event logs of environment '{env}'",
            });
            JetStreamLog.StreamReady(_logger, _subjects.Stream(env), Description);
        }
        catch
        {
            _streams.TryRemove(env, out _); // let the next append try again
            throw;
        }
    }

    private async Task<bool> StreamExistsAsync(string env, CancellationToken cancellationToken)
    {
        if (_streams.TryGetValue(env, out var created) && created.IsValueCreated && created.Value.IsCompletedSuccessfully) return true;
        try
        {
            await _js.GetStreamAsync(_subjects.Stream(env), cancellationToken: cancellationToken);
            return true;
        }
        catch (NatsJSApiException e) when (e.Error.Code == 404)
        {
            return false;
        }
    }

    private async Task<EventLogMeta> CreateMetaAsync()
    {
        var kv = new NatsKVContext(_js);
        var store = await kv.CreateOrUpdateStoreAsync(new NatsKVConfig(_options.MetaBucket) { History = 1, NumberOfReplicas = _options.Replicas, Storage = NatsKVStorageType.File });
        return new EventLogMeta(store);
    }

    private async ValueTask<T> Run<T>(string operation, Func<Task<T>> action)
    {
        try
        {
            return await action();
        }
        catch (EventLogException)
        {
            throw;
        }
        catch (Exception e) when (e is NatsException or NatsJSException or TimeoutException)
        {
            JetStreamLog.OperationFailed(_logger, operation, Description, e);
            throw new EventLogException($"the event log ({Description}) is unavailable for {operation}: {e.Message}", e);
        }
    }

    public async ValueTask DisposeAsync() => await _nats.DisposeAsync();
}

internal static partial class JetStreamLog
{
    [LoggerMessage(EventId = 7301, Level = LogLevel.Information, Message = "Event stream {Stream} ready on {Server}")]
    public static partial void StreamReady(ILogger logger, string stream, string server);

    [LoggerMessage(EventId = 7302, Level = LogLevel.Error, Message = "Event log {Operation} failed on {Server}")]
    public static partial void OperationFailed(ILogger logger, string operation, string server, Exception exception);
}
