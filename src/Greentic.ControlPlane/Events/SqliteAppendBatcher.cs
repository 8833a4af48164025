using System.Data.Common;
using System.Threading.Channels;

namespace Greentic.ControlPlane.Events;

/// <summary>
/// Group commit for the SQLite event log: appends that arrive while a commit is in progress wait in a queue, and one
/// writer commits all of them in the next transaction — one WAL fsync (<c>synchronous=FULL</c>) for the whole batch
/// instead of one per Publish, so throughput follows concurrency rather than the disk's fsync latency. Each append
/// runs under its own savepoint: one that fails is rolled back alone and reported to its caller only. Every caller
/// returns only after the commit that holds its events.
/// </summary>
internal sealed class SqliteAppendBatcher : IAsyncDisposable
{
    public const int MaxBatch = 256;

    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Func<Func<DbConnection, Task<bool>>, Task> _runWrite;
    private readonly Func<DbConnection, DbTransaction, EventStreamId, IReadOnlyList<NewEvent>, Task<IReadOnlyList<AppendResult>>> _append;
    private readonly Lazy<Task> _writer;

    /// <param name="runWrite">Runs a body on an open connection under the log's write gate (errors become <see cref="EventLogException"/>).</param>
    /// <param name="append">One append inside the batch's transaction.</param>
    public SqliteAppendBatcher(
        Func<Func<DbConnection, Task<bool>>, Task> runWrite,
        Func<DbConnection, DbTransaction, EventStreamId, IReadOnlyList<NewEvent>, Task<IReadOnlyList<AppendResult>>> append)
    {
        _runWrite = runWrite;
        _append = append;
        _writer = new Lazy<Task>(() => Task.Run(WriteLoopAsync));
    }

    public Task<IReadOnlyList<AppendResult>> AppendAsync(EventStreamId stream, IReadOnlyList<NewEvent> events, CancellationToken cancellationToken)
    {
        var pending = new Pending(stream, events, cancellationToken);
        _ = _writer.Value;
        if (!_queue.Writer.TryWrite(pending)) throw new EventLogException("the event log is shutting down");
        return pending.Completion.Task;
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<Pending>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var next))
            {
                // A caller that gave up before its turn is not appended (it may publish again: ids make that safe).
                if (next.Cancellation.IsCancellationRequested) next.Completion.TrySetCanceled(next.Cancellation);
                else batch.Add(next);
            }
            if (batch.Count == 0) continue;
            try
            {
                await _runWrite(async connection =>
                {
                    await using var tx = await connection.BeginTransactionAsync().ConfigureAwait(false);
                    foreach (var p in batch)
                    {
                        await tx.SaveAsync("append").ConfigureAwait(false);
                        try
                        {
                            p.Results = await _append(connection, tx, p.Stream, p.Events).ConfigureAwait(false);
                            await tx.ReleaseAsync("append").ConfigureAwait(false);
                        }
                        catch (DbException e)
                        {
                            await tx.RollbackAsync("append").ConfigureAwait(false);
                            p.Error = e;
                        }
                    }
                    await tx.CommitAsync().ConfigureAwait(false);
                    return true;
                }).ConfigureAwait(false);
                foreach (var p in batch)
                {
                    if (p.Error is { } e) p.Completion.TrySetException(new EventLogException($"append failed: {e.Message}", e));
                    else p.Completion.TrySetResult(p.Results!);
                }
            }
            catch (Exception e)
            {
                var error = e as EventLogException ?? new EventLogException($"append failed: {e.Message}", e);
                foreach (var p in batch) p.Completion.TrySetException(error);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        if (_writer.IsValueCreated) await _writer.Value.ConfigureAwait(false);
    }

    private sealed class Pending(EventStreamId stream, IReadOnlyList<NewEvent> events, CancellationToken cancellation)
    {
        public EventStreamId Stream { get; } = stream;
        public IReadOnlyList<NewEvent> Events { get; } = events;
        public CancellationToken Cancellation { get; } = cancellation;
        public TaskCompletionSource<IReadOnlyList<AppendResult>> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public IReadOnlyList<AppendResult>? Results { get; set; }
        public DbException? Error { get; set; }
    }
}
