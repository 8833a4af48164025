using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Greentic.Events.V1;
using Greentic.Gateway.Dispatch;
using Greentic.Types.V1;

namespace Greentic.Gateway.Events;

/// <summary>
/// <see cref="IEventSink"/> over <c>EventsService.Publish</c>, with the gateway's credentials and a deadline; concurrent
/// publishes of one tenant scope share a call (<see cref="PublishCoalescer"/>).
/// </summary>
internal sealed class ControlPlaneEventSink : IEventSink
{
    private readonly ControlPlaneChannel _channel;
    private readonly PublishCoalescer _coalescer;

    public ControlPlaneEventSink(ControlPlaneChannel channel)
    {
        _channel = channel;
        _coalescer = new PublishCoalescer(SendAsync);
    }

    public async ValueTask PublishAsync(EventScope scope, IReadOnlyList<IngressEvent> events, CancellationToken cancellationToken)
    {
        if (events.Count == 0) return;
        await _coalescer.PublishAsync(scope, events, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>One Publish: the scope (tenant, team) is the same for all; each event keeps its own webhook's correlation id.</summary>
    private async Task SendAsync(IReadOnlyList<(EventScope Scope, IngressEvent Event)> events, CancellationToken cancellationToken)
    {
        var scope = events[0].Scope;
        var ctx = new TenantCtx { Env = scope.Env, Tenant = scope.Tenant, TenantId = scope.Tenant, CorrelationId = scope.CorrelationId };
        if (scope.Team is not null)
        {
            ctx.Team = scope.Team;
            ctx.TeamId = scope.Team;
        }
        var request = new PublishRequest { Ctx = ctx };
        foreach (var (eventScope, e) in events)
        {
            var message = new Event
            {
                Id = e.Id,
                Topic = e.Topic,
                Type = e.Type,
                Source = e.Source,
                Time = Timestamp.FromDateTimeOffset(e.Time),
                CorrelationId = eventScope.CorrelationId,
                PayloadJson = ByteString.CopyFrom(e.PayloadJson),
            };
            if (e.Subject is not null) message.Subject = e.Subject;
            foreach (var (k, v) in e.Metadata) message.Metadata[k] = v;
            request.Events.Add(message);
        }
        try
        {
            await new EventsService.EventsServiceClient(_channel.Channel).PublishAsync(request, _channel.CallOptions(scope.CorrelationId, cancellationToken));
        }
        catch (RpcException ex)
        {
            throw new EventSinkException($"EventsService.Publish failed with {ex.StatusCode}: {ex.Status.Detail}", ex);
        }
    }
}
