namespace Greentic.Gateway.Events;

/// <summary>
/// Concurrent publishes for the same tenant scope ride one <c>EventsService.Publish</c>: while a call for a scope is in
/// flight, the next publishes of that scope wait and then go together (up to <see cref="MaxEvents"/> events), so under load
/// the control plane authenticates, authorizes and commits once per batch instead of once per webhook. Each caller returns
/// when the call holding its events answered. A failed batch of several publishes is retried one publish at a time, so one
/// refused event (e.g. an oversized payload) fails only its own webhook. Event ids are deterministic, so a publish the
/// control plane took before a failure is deduplicated on the retry.
/// </summary>
internal sealed class PublishCoalescer(Func<IReadOnlyList<(EventScope Scope, IngressEvent Event)>, CancellationToken, Task> send)
{
    public const int MaxEvents = 256;

    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string Env, string Tenant, string? Team), Lane> _lanes = new();

    public Task PublishAsync(EventScope scope, IReadOnlyList<IngressEvent> events, CancellationToken cancellationToken)
    {
        var lane = _lanes.GetOrAdd((scope.Env, scope.Tenant, scope.Team), _ => new Lane(send));
        return lane.EnqueueAsync(new Pending(scope, events), cancellationToken);
    }

    private sealed class Lane(Func<IReadOnlyList<(EventScope Scope, IngressEvent Event)>, CancellationToken, Task> send)
    {
        private readonly Queue<Pending> _queue = new();
        private bool _sending;

        public Task EnqueueAsync(Pending pending, CancellationToken cancellationToken)
        {
            bool start;
            lock (_queue)
            {
                _queue.Enqueue(pending);
                start = !_sending;
                _sending = true;
            }
            if (start) _ = Task.Run(DrainAsync, CancellationToken.None);
            return pending.Completion.Task.WaitAsync(cancellationToken);
        }

        private async Task DrainAsync()
        {
            while (true)
            {
                var batch = new List<Pending>();
                var count = 0;
                lock (_queue)
                {
                    while (_queue.TryPeek(out var next) && (batch.Count == 0 || count + next.Events.Count <= MaxEvents))
                    {
                        batch.Add(_queue.Dequeue());
                        count += next.Events.Count;
                    }
                    if (batch.Count == 0)
                    {
                        _sending = false;
                        return;
                    }
                }
                await SendAsync(batch).ConfigureAwait(false);
            }
        }

        private async Task SendAsync(List<Pending> batch)
        {
            try
            {
                await send(batch.SelectMany(p => p.Events.Select(e => (p.Scope, e))).ToList(), CancellationToken.None).ConfigureAwait(false);
                foreach (var p in batch) p.Completion.TrySetResult();
                return;
            }
            catch (Exception e) when (batch.Count == 1)
            {
                batch[0].Completion.TrySetException(e);
                return;
            }
            catch (Exception)
            {
                // Fall through: one at a time, so only the publish at fault fails.
            }
            foreach (var p in batch)
            {
                try
                {
                    await send(p.Events.Select(e => (p.Scope, e)).ToList(), CancellationToken.None).ConfigureAwait(false);
                    p.Completion.TrySetResult();
                }
                catch (Exception e)
                {
                    p.Completion.TrySetException(e);
                }
            }
        }
    }

    private sealed record Pending(EventScope Scope, IReadOnlyList<IngressEvent> Events)
    {
        public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
