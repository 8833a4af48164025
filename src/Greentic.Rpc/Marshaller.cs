using System.Buffers;
using Google.Protobuf;

namespace Greentic.Rpc;

/// <summary>Turns messages into bytes and back. <see cref="Marshallers.Protobuf{T}"/> makes one for a protobuf type.</summary>
public sealed class Marshaller<T>
{
    public Marshaller(Func<T, int> computeSize, Action<T, IBufferWriter<byte>> serialize, Func<ReadOnlySequence<byte>, T> deserialize)
    {
        ComputeSize = computeSize;
        Serialize = serialize;
        Deserialize = deserialize;
    }

    public Func<T, int> ComputeSize { get; }
    public Action<T, IBufferWriter<byte>> Serialize { get; }

    /// <summary>Parses one message; throws <see cref="InvalidProtocolBufferException"/> (or another exception) on bad bytes.</summary>
    public Func<ReadOnlySequence<byte>, T> Deserialize { get; }
}

public static class Marshallers
{
    public static Marshaller<T> Protobuf<T>(MessageParser<T> parser) where T : IMessage<T> =>
        new(static m => m.CalculateSize(), static (m, w) => m.WriteTo(w), parser.ParseFrom);
}
