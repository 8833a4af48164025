using Greentic.ControlPlane.Events;
using Greentic.ControlPlane.Tenancy;
using Greentic.Events.V1;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Greentic.ControlPlane.Services;

/// <summary>
/// <c>greentic.events.v1.EventsService</c>: each tenant's durable event log (<see cref="IEventLog"/>). The stream is the
/// authorized tenant's (never a field of the request); a call scoped to a team publishes that team's events and
/// subscribes to that team's events only. Delivery is at least once: Subscribe resumes after the last acknowledged
/// cursor of a durable subscriber.
/// </summary>
public sealed class EventsServiceImpl(
    IEventLog log,
    IOptionsMonitor<EventLogOptions> options,
    TimeProvider time,
    ILogger<EventsServiceImpl> logger) : EventsService.EventsServiceBase
{
    public override async Task<PublishResponse> Publish(PublishRequest request, ServerCallContext context)
    {
        var call = context.Authorized();
        var o = options.CurrentValue;
        EventValidation.CheckPublish(request, o);
        var stream = StreamOf(call);
        var events = request.Events.Select(e => EventMapping.ToLog(e, call.Tenant.Team, time)).ToList();
        var results = await Run(() => log.AppendAsync(stream, events, context.CancellationToken));
        var response = new PublishResponse();
        foreach (var r in results)
            response.Results.Add(new PublishResult { Id = r.Id, Cursor = EventCursor.Format(stream, r.Sequence), Duplicate = r.Duplicate });
        return response;
    }

    public override async Task Subscribe(SubscribeRequest request, IServerStreamWriter<SubscribeResponse> responseStream, ServerCallContext context)
    {
        var call = context.Authorized();
        EventValidation.CheckSubscriber(request.Subscriber, required: false);
        var stream = StreamOf(call);
        var ct = context.CancellationToken;
        var bounds = await Run(() => log.BoundsAsync(stream, ct));
        long start;
        if (request.FromCursor.Length > 0)
        {
            start = EventCursor.Parse(stream, request.FromCursor, "from_cursor");
            CheckNotAhead(start, bounds, "from_cursor");
        }
        else if (request.Subscriber.Length > 0 && await Run(() => log.GetSubscriberAsync(stream, request.Subscriber, ct)) is { } position)
        {
            start = position.Acked;
        }
        else
        {
            start = request.Start == StartPosition.Latest ? bounds.Head : 0;
        }
        var subscription = new EventSubscription(log, options.CurrentValue, logger, stream, call.Tenant.Team, request.Subscriber,
            request.Topics.ToHashSet(StringComparer.Ordinal));
        await subscription.RunAsync(start, bounds, responseStream, context);
    }

    public override async Task<AckResponse> Ack(AckRequest request, ServerCallContext context)
    {
        var call = context.Authorized();
        EventValidation.CheckSubscriber(request.Subscriber, required: true);
        if (request.Cursor.Length == 0)
            throw new RpcException(new Status(StatusCode.InvalidArgument, "cursor is required: pass the cursor of the last event you processed"));
        var stream = StreamOf(call);
        var sequence = EventCursor.Parse(stream, request.Cursor, "cursor");
        var bounds = await Run(() => log.BoundsAsync(stream, context.CancellationToken));
        CheckNotAhead(sequence, bounds, "cursor");
        var acked = await Run(() => log.AckAsync(stream, request.Subscriber, sequence, context.CancellationToken));
        return new AckResponse { AckedCursor = EventCursor.Format(stream, acked) };
    }

    private static EventStreamId StreamOf(AuthorizedCall call) => new(call.Tenant.Env, call.Tenant.Tenant);

    private static void CheckNotAhead(long sequence, LogBounds bounds, string field)
    {
        if (sequence > bounds.Head)
            throw new RpcException(new Status(StatusCode.OutOfRange,
                $"{field} is ahead of the log (it names position {sequence}, the newest is {bounds.Head}): pass a cursor this log returned"));
    }

    private static async Task<T> Run<T>(Func<ValueTask<T>> operation)
    {
        try
        {
            return await operation();
        }
        catch (EventLogException e)
        {
            throw new RpcException(new Status(StatusCode.Unavailable, e.Message));
        }
    }
}
