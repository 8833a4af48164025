using System.Buffers;
using System.IO.Pipelines;
using Greentic.Rpc.Internal;

namespace Greentic.Rpc.Server.Internal;

/// <summary>Reading request messages from <c>Request.BodyReader</c> and writing responses to <c>Response.BodyWriter</c>.</summary>
internal sealed partial class HttpContextServerCallContext
{
    private static readonly Status ReadCancelled = new(StatusCode.Internal, "Incoming message cancelled.");

    /// <summary>
    /// Reads the one message of a unary or server-streaming request, then checks the request ends there:
    /// no message is INTERNAL "Incomplete message.", a cut-off one too, and bytes after it are INTERNAL.
    /// </summary>
    internal async ValueTask<T> ReadSingleMessageAsync<T>(Marshaller<T> marshaller)
    {
        var reader = _httpContext.Request.BodyReader;
        var haveMessage = false;
        T message = default!;
        while (true)
        {
            var result = await reader.ReadAsync().ConfigureAwait(false);
            var buffer = result.Buffer;
            try
            {
                if (result.IsCanceled) throw new RpcException(ReadCancelled);
                if (!haveMessage && MessageFraming.TryReadMessage(ref buffer, Options.MaxReceiveMessageSize, out var compressed, out var payload))
                {
                    message = Deserialize(payload, compressed, marshaller);
                    haveMessage = true;
                }
                if (haveMessage && !buffer.IsEmpty) throw new RpcException(MessageFraming.AdditionalData);
                if (result.IsCompleted)
                {
                    if (haveMessage) return message;
                    throw new RpcException(MessageFraming.IncompleteMessage);
                }
            }
            finally
            {
                // Consumed up to the end of the message; examined everything, so the next read waits for more.
                reader.AdvanceTo(buffer.Start, buffer.End);
            }
        }
    }

    /// <summary>Reads the next message of a streaming request; false at the end of the request stream.</summary>
    internal async ValueTask<(bool HasMessage, T Message)> ReadStreamMessageAsync<T>(Marshaller<T> marshaller, CancellationToken cancellationToken)
    {
        var reader = _httpContext.Request.BodyReader;
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            var consumed = false;
            try
            {
                if (result.IsCanceled) throw new RpcException(ReadCancelled);
                if (MessageFraming.TryReadMessage(ref buffer, Options.MaxReceiveMessageSize, out var compressed, out var payload))
                {
                    consumed = true;
                    return (true, Deserialize(payload, compressed, marshaller));
                }
                if (result.IsCompleted)
                {
                    if (buffer.IsEmpty) return (false, default!);
                    throw new RpcException(MessageFraming.IncompleteMessage);
                }
            }
            finally
            {
                // After a whole message, leave the rest unexamined: it may already hold the next one.
                if (consumed) reader.AdvanceTo(buffer.Start);
                else reader.AdvanceTo(buffer.Start, buffer.End);
            }
        }
    }

    private T Deserialize<T>(ReadOnlySequence<byte> payload, bool compressed, Marshaller<T> marshaller)
    {
        if (compressed)
            payload = MessageFraming.Decompress(payload, RequestEncoding, Options.CompressionProviders, Options.MaxReceiveMessageSize, Options.UnsupportedEncoding);
        try
        {
            return marshaller.Deserialize(payload);
        }
        catch (Exception ex)
        {
            ServerLog.DeserializeFailed(Logger, Method, ex);
            throw new RpcException(new Status(StatusCode.Internal, Options.EnableDetailedErrors
                ? $"Failed to deserialize request message. {ex.GetType().Name}: {ex.Message}"
                : "Failed to deserialize request message."));
        }
    }

    /// <summary>
    /// Frames a response message into <c>Response.BodyWriter</c>. Unary responses are not flushed here: the
    /// message goes out with the trailers when the call ends. Streamed ones are flushed one by one.
    /// </summary>
    internal ValueTask WriteMessageAsync<T>(T message, Marshaller<T> marshaller, bool flush)
    {
        if (DeadlineManager is not null) return WriteMessageUnderDeadlineAsync(message, marshaller, flush);
        var response = _httpContext.Response;
        if (!response.HasStarted)
        {
            var start = response.StartAsync();
            if (!start.IsCompletedSuccessfully) return WriteAfterStartAsync(start, message, marshaller, flush);
        }
        return WriteStartedAsync(message, marshaller, flush);
    }

    private async ValueTask WriteAfterStartAsync<T>(Task start, T message, Marshaller<T> marshaller, bool flush)
    {
        await start.ConfigureAwait(false);
        await WriteStartedAsync(message, marshaller, flush).ConfigureAwait(false);
    }

    private ValueTask WriteStartedAsync<T>(T message, Marshaller<T> marshaller, bool flush)
    {
        var writer = _httpContext.Response.BodyWriter;
        var flags = WriteOptions?.Flags ?? default;
        // The compressed flag is per message: a call that compresses may still send one message plain.
        var compression = (flags & WriteFlags.NoCompress) != 0 ? null : ResponseCompression;
        MessageFraming.WriteMessage(writer, message, marshaller, Options.MaxSendMessageSize, compression, Options.ResponseCompressionLevel);
        if (!flush || (flags & WriteFlags.BufferHint) != 0) return default;
        var flushing = writer.FlushAsync();
        return flushing.IsCompletedSuccessfully ? default : AwaitFlushAsync(flushing);

        static async ValueTask AwaitFlushAsync(ValueTask<FlushResult> flushing) => await flushing.ConfigureAwait(false);
    }

    private async ValueTask WriteMessageUnderDeadlineAsync<T>(T message, Marshaller<T> marshaller, bool flush)
    {
        var deadline = DeadlineManager!;
        await deadline.Lock.WaitAsync().ConfigureAwait(false);
        try
        {
            if (deadline.CallComplete) throw new InvalidOperationException("Can't write the message because the call is complete.");
            var response = _httpContext.Response;
            if (!response.HasStarted) await response.StartAsync().ConfigureAwait(false);
            await WriteStartedAsync(message, marshaller, flush).ConfigureAwait(false);
        }
        finally
        {
            deadline.Lock.Release();
        }
    }
}
