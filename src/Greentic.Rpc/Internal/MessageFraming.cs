using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;
using Greentic.Rpc.Compression;

namespace Greentic.Rpc.Internal;

/// <summary>
/// The gRPC Length-Prefixed-Message, in one place for server and client:
/// <c>Compressed-Flag (1 byte, 0 or 1) · Message-Length (4 bytes, big-endian) · Message</c>.
/// </summary>
internal static class MessageFraming
{
    public const int HeaderSize = 5;

    public static readonly Status IncompleteMessage = new(StatusCode.Internal, "Incomplete message.");
    public static readonly Status AdditionalData = new(StatusCode.Internal, "Additional data after the message received.");
    public static readonly Status ReceivedMessageTooLarge = new(StatusCode.ResourceExhausted, "Received message exceeds the maximum configured message size.");
    public static readonly Status SendingMessageTooLarge = new(StatusCode.ResourceExhausted, "Sending message exceeds the maximum configured message size.");
    public static readonly Status BadCompressedFlag = new(StatusCode.Internal, "Unexpected compressed flag value in message header.");
    public static readonly Status CompressedWithoutEncoding = new(StatusCode.Internal, "Compressed message received without a grpc-encoding value.");
    public static readonly Status CompressedWithIdentity = new(StatusCode.Internal, "Compressed message received with the 'identity' grpc-encoding.");

    /// <summary>
    /// Takes one whole message off the front of <paramref name="buffer"/>. Returns false when the buffer does
    /// not hold a whole message yet (and leaves it as it was). Throws <see cref="RpcException"/> as soon as
    /// the header announces a message over <paramref name="maxMessageSize"/> or has a bad flag, so a hostile
    /// length is refused before anything is buffered for it.
    /// </summary>
    public static bool TryReadMessage(ref ReadOnlySequence<byte> buffer, int maxMessageSize, out bool compressed, out ReadOnlySequence<byte> payload)
    {
        payload = default;
        compressed = false;
        if (buffer.Length < HeaderSize) return false;

        Span<byte> header = stackalloc byte[HeaderSize];
        if (buffer.FirstSpan.Length >= HeaderSize) buffer.FirstSpan[..HeaderSize].CopyTo(header);
        else buffer.Slice(0, HeaderSize).CopyTo(header);

        compressed = header[0] switch
        {
            0 => false,
            1 => true,
            _ => throw new RpcException(BadCompressedFlag),
        };
        var length = BinaryPrimitives.ReadUInt32BigEndian(header[1..]);
        if (length > (uint)maxMessageSize) throw new RpcException(ReceivedMessageTooLarge);
        if (buffer.Length - HeaderSize < length) return false;

        payload = buffer.Slice(HeaderSize, length);
        buffer = buffer.Slice(payload.End);
        return true;
    }

    /// <summary>Inflates a payload whose compressed flag is set, with the call's <c>grpc-encoding</c>.</summary>
    /// <param name="unsupported">The status to fail with when the encoding has no provider (side-specific wording).</param>
    public static ReadOnlySequence<byte> Decompress(in ReadOnlySequence<byte> payload, string? encoding,
        IReadOnlyDictionary<string, ICompressionProvider> providers, int maxMessageSize, Func<string, Status> unsupported)
    {
        if (encoding is null) throw new RpcException(CompressedWithoutEncoding);
        if (string.Equals(encoding, GrpcProtocol.IdentityEncoding, StringComparison.OrdinalIgnoreCase)) throw new RpcException(CompressedWithIdentity);
        if (!providers.TryGetValue(encoding, out var provider)) throw new RpcException(unsupported(encoding));

        using var input = new MemoryStream(payload.ToArray(), writable: false);
        using var inflater = provider.CreateDecompressionStream(input);
        var output = new byte[Math.Min(Math.Max(256, (int)payload.Length * 4), maxMessageSize + 1)];
        var total = 0;
        try
        {
            while (true)
            {
                if (total == output.Length)
                {
                    // The inflated size is checked as it grows, so a small "zip bomb" cannot allocate past the limit.
                    if (total > maxMessageSize) throw new RpcException(ReceivedMessageTooLarge);
                    Array.Resize(ref output, (int)Math.Min((long)output.Length * 2, (long)maxMessageSize + 1));
                }
                var read = inflater.Read(output, total, output.Length - total);
                if (read == 0) break;
                total += read;
            }
        }
        catch (InvalidDataException ex)
        {
            throw new RpcException(new Status(StatusCode.Internal, $"Failed to decompress message with '{encoding}': {ex.Message}"));
        }
        if (total > maxMessageSize) throw new RpcException(ReceivedMessageTooLarge);
        return new ReadOnlySequence<byte>(output, 0, total);
    }

    /// <summary>
    /// Writes one framed message to <paramref name="writer"/>. Uncompressed messages are serialized straight into
    /// the writer after their header (the marshaller's ComputeSize must be exact, as protobuf's is).
    /// </summary>
    public static void WriteMessage<T>(IBufferWriter<byte> writer, T message, Marshaller<T> marshaller, int maxMessageSize,
        ICompressionProvider? compression, CompressionLevel? compressionLevel)
    {
        if (compression is null)
        {
            var size = marshaller.ComputeSize(message);
            if (size > maxMessageSize) throw new RpcException(SendingMessageTooLarge);
            WriteHeader(writer.GetSpan(HeaderSize), compressed: false, size);
            writer.Advance(HeaderSize);
            marshaller.Serialize(message, writer);
            return;
        }

        var compressed = Compress(message, marshaller, maxMessageSize, compression, compressionLevel, out var length);
        WriteHeader(writer.GetSpan(HeaderSize), compressed: true, length);
        writer.Advance(HeaderSize);
        writer.Write(compressed.AsSpan(0, length));
    }

    /// <summary>One framed message as an array of exactly its size (a client's unary or server-streaming request body).</summary>
    public static byte[] FrameToArray<T>(T message, Marshaller<T> marshaller, int maxMessageSize,
        ICompressionProvider? compression, CompressionLevel? compressionLevel)
    {
        if (compression is null)
        {
            var size = marshaller.ComputeSize(message);
            if (size > maxMessageSize) throw new RpcException(SendingMessageTooLarge);
            var array = new byte[HeaderSize + size];
            WriteHeader(array, compressed: false, size);
            marshaller.Serialize(message, new FixedArrayWriter(array, HeaderSize));
            return array;
        }

        var body = Compress(message, marshaller, maxMessageSize, compression, compressionLevel, out var length);
        var framed = new byte[HeaderSize + length];
        WriteHeader(framed, compressed: true, length);
        body.AsSpan(0, length).CopyTo(framed.AsSpan(HeaderSize));
        return framed;
    }

    public static void WriteHeader(Span<byte> destination, bool compressed, int length)
    {
        destination[0] = compressed ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteUInt32BigEndian(destination[1..], (uint)length);
    }

    private static byte[] Compress<T>(T message, Marshaller<T> marshaller, int maxMessageSize,
        ICompressionProvider compression, CompressionLevel? compressionLevel, out int length)
    {
        // The limit applies to the serialized message, before compression, as in grpc-dotnet.
        var size = marshaller.ComputeSize(message);
        if (size > maxMessageSize) throw new RpcException(SendingMessageTooLarge);
        var raw = new byte[size];
        marshaller.Serialize(message, new FixedArrayWriter(raw, 0));
        var output = new MemoryStream(size / 2 + 64);
        using (var deflater = compression.CreateCompressionStream(output, compressionLevel))
            deflater.Write(raw);
        length = (int)output.Length;
        return output.GetBuffer();
    }

    /// <summary>An <see cref="IBufferWriter{T}"/> over an array already sized for the message.</summary>
    private sealed class FixedArrayWriter(byte[] array, int start) : IBufferWriter<byte>
    {
        private int _position = start;

        public void Advance(int count) => _position += count;

        public Memory<byte> GetMemory(int sizeHint = 0) => Ensure(sizeHint) ? array.AsMemory(_position) : Grown(sizeHint);

        public Span<byte> GetSpan(int sizeHint = 0) => GetMemory(sizeHint).Span;

        // A zero hint may get an empty span once the message is complete: nothing more is expected.
        private bool Ensure(int sizeHint) => array.Length - _position >= sizeHint;

        private static Memory<byte> Grown(int sizeHint) =>
            throw new InvalidOperationException($"The marshaller wrote more bytes than its ComputeSize reported (needed {sizeHint} more).");
    }
}
