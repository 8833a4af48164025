using Greentic.Events.V1;
using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace Greentic.ControlPlane.Events;

/// <summary>
/// One Subscribe stream:
/// <list type="number">
/// <item>start after from_cursor, else the durable subscriber's acknowledged cursor, else per start (earliest | latest);</item>
/// <item>send the response headers at once (<c>greentic-events-start</c>, <c>greentic-events-head</c> — the newest cursor when
/// the stream began — and <c>greentic-events-gap</c> when retention
/// already removed events after the start), so a client knows the stream is live before any event;</item>
/// <item>read a batch from the log, write it (HTTP/2 flow control holds a slow consumer here: at most one batch is in
/// memory), record it as delivered, repeat; when caught up, wait for an append or the poll interval;</item>
/// <item>end when the client cancels or its deadline passes (grpc-dotnet cancels the call's token for both).</item>
/// </list>
/// </summary>
internal sealed class EventSubscription(
    IEventLog log,
    EventLogOptions options,
    ILogger logger,
    EventStreamId stream,
    string? team,
    string subscriber,
    IReadOnlySet<string> topics)
{
    public async Task RunAsync(long startAfter, LogBounds bounds, IServerStreamWriter<SubscribeResponse> writer, ServerCallContext context)
    {
        var ct = context.CancellationToken;
        var durable = subscriber.Length > 0;
        var position = durable ? await log.ResumeAsync(stream, subscriber, startAfter, ct) : default;
        var headers = new Metadata
        {
            { "greentic-events-start", EventCursor.Format(stream, startAfter) },
            { "greentic-events-head", EventCursor.Format(stream, bounds.Head) },
        };
        var firstRetained = bounds.First == 0 ? bounds.Head + 1 : bounds.First;
        if (firstRetained > startAfter + 1)
        {
            headers.Add("greentic-events-gap", EventCursor.Format(stream, firstRetained - 1));
            EventsLog.RetentionGap(logger, stream.Tenant, Name, startAfter, firstRetained - 1);
        }
        await context.WriteResponseHeadersAsync(headers);
        EventsLog.SubscriptionStarted(logger, stream.Tenant, Name, startAfter);

        var after = startAfter;
        var reason = "cancelled";
        try
        {
            while (!ct.IsCancellationRequested)
            {
                var batch = await log.ReadAsync(stream, after, team, options.ReadBatchSize, ct);
                if (batch.Count == 0)
                {
                    await log.WaitForAppendAsync(stream, after, options.PollInterval, ct);
                    continue;
                }
                foreach (var logged in batch)
                {
                    if (topics.Count == 0 || topics.Contains(logged.Event.Topic))
                    {
                        var attempt = durable && logged.Sequence <= position.Delivered ? 1 + Math.Max(1, position.Redeliveries) : 1;
                        await writer.WriteAsync(new SubscribeResponse
                        {
                            Event = EventMapping.ToWire(logged.Event),
                            Cursor = EventCursor.Format(stream, logged.Sequence),
                            DeliveryAttempt = (uint)attempt,
                        }, ct);
                    }
                    after = logged.Sequence;
                }
                if (durable) await log.RecordDeliveredAsync(stream, subscriber, after, ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        catch (InvalidOperationException) when (ct.IsCancellationRequested)
        {
            // The response stream was completed under us (client went away mid-write).
        }
        catch (EventLogException e)
        {
            reason = e.Message;
            throw new RpcException(new Status(StatusCode.Unavailable, $"{e.Message}; resume from the last cursor you processed"));
        }
        finally
        {
            EventsLog.SubscriptionEnded(logger, stream.Tenant, Name, after, reason);
        }
    }

    private string Name => subscriber.Length > 0 ? subscriber : "(ephemeral)";
}
