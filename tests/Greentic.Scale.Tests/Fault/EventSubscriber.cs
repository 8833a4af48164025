using System.Collections.Concurrent;
using Greentic.Events.V1;
using Greentic.Providers.Channels;
using Greentic.Types.V1;
using Grpc.Core;

namespace Greentic.Scale.Tests.Fault;

/// <summary>
/// A consumer of tenant demo's event log that must neither miss nor repeat anything while replicas die under it:
/// <c>EventsService.Subscribe</c> to one topic from the start of the log, every delivered event recorded by id, and when
/// the stream breaks (its replica died) it subscribes again, at the next address of its list, strictly after the cursor
/// of the last event it recorded. Through the gateway the list is the gateway alone; pinned to replicas it is the
/// order they will die in, so every kill breaks the stream it is on.
/// It resumes as a client library following a log would: on UNAVAILABLE only, the retryable status of a replica gone
/// away (directly, the connection broke; through the gateway, which ends the stream with status 14 naming the replica).
/// Any other status is final for such a library — CANCELLED above all, which says the client itself cancelled — so it is
/// recorded in <see cref="Unresumable"/> and the subscriber stops following, for the test to report.
/// </summary>
internal sealed class EventSubscriber(string name, IReadOnlyList<string> addresses, string token, string topic)
{
    private static readonly TenantCtx Ctx = new() { Env = "dev", Tenant = "demo" };
    private long _received;
    private string _cursor = "";

    public string Name => name;
    public long Received => Interlocked.Read(ref _received);
    public ConcurrentDictionary<string, int> Delivered { get; } = new();
    public ConcurrentQueue<string> Breaks { get; } = new();

    /// <summary>Broken streams whose status no client resumes on (e.g. CANCELLED); the first one stopped this subscriber.</summary>
    public ConcurrentQueue<string> Unresumable { get; } = new();

    public bool GaveUp => !Unresumable.IsEmpty;

    public async Task RunAsync(CancellationToken stop)
    {
        var channels = addresses.Select(a => TargetChannel.Create(a)).ToList();
        try
        {
            for (var turn = 0; !stop.IsCancellationRequested; turn++)
            {
                var channel = channels[turn % channels.Count];
                try
                {
                    await FollowAsync(channel, stop);
                    if (!stop.IsCancellationRequested) Breaks.Enqueue($"{channel.Target}: the stream ended");
                }
                catch (RpcException e) when (!stop.IsCancellationRequested && e.StatusCode == StatusCode.Unavailable)
                {
                    Breaks.Enqueue($"{channel.Target}: {e.StatusCode} {e.Status.Detail}");
                }
                catch (RpcException e) when (!stop.IsCancellationRequested)
                {
                    // No deadline is set, so not even DEADLINE_EXCEEDED is a replica going away; INTERNAL would be a message cut in
                    // half (events here are far smaller than an HTTP/2 frame) or a bug. Either way: not resumed, reported.
                    Unresumable.Enqueue($"{channel.Target}: {e.StatusCode} {e.Status.Detail}");
                    return;
                }
                catch (Exception e) when (stop.IsCancellationRequested && e is OperationCanceledException or RpcException)
                {
                }
                if (!stop.IsCancellationRequested) await Task.Delay(200, CancellationToken.None);
            }
        }
        finally
        {
            foreach (var c in channels) c.Dispose();
        }
    }

    /// <summary>Records events until the stream ends or fails; each one moves the cursor a new stream resumes after.</summary>
    private async Task FollowAsync(TargetChannel channel, CancellationToken stop)
    {
        var request = new SubscribeRequest { Ctx = Ctx, FromCursor = _cursor, Start = StartPosition.Earliest, Topics = { topic } };
        using var call = new EventsService.EventsServiceClient(channel.Invoker)
            .Subscribe(request, new Metadata { { "authorization", "Bearer " + token } }, cancellationToken: stop);
        while (await call.ResponseStream.MoveNext(stop))
        {
            var delivered = call.ResponseStream.Current;
            Delivered.AddOrUpdate(delivered.Event.Id, 1, (_, n) => n + 1);
            Interlocked.Increment(ref _received);
            _cursor = delivered.Cursor;
        }
    }
}
