using System.Buffers;
using BenchmarkDotNet.Attributes;
using Google.Protobuf;
using Greentic.Rpc.Health.V1;
using Greentic.Rpc.Internal;

namespace Greentic.Rpc.Benchmarks;

/// <summary>Length-Prefixed-Message encode and decode of a small and a 16 KB message, including protobuf (de)serialization.</summary>
[MemoryDiagnoser]
public class FramingBenchmarks
{
    private static readonly Marshaller<HealthCheckRequest> Marshaller = Marshallers.Protobuf(HealthCheckRequest.Parser);
    private readonly ArrayBufferWriter<byte> _writer = new(64 * 1024);
    private HealthCheckRequest _message = null!;
    private byte[] _framed = null!;

    [Params(40, 16 * 1024)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _message = new HealthCheckRequest { Service = new string('s', Size) };
        _framed = MessageFraming.FrameToArray(_message, Marshaller, int.MaxValue, null, null);
    }

    [Benchmark]
    public int Encode()
    {
        _writer.ResetWrittenCount();
        MessageFraming.WriteMessage(_writer, _message, Marshaller, int.MaxValue, null, null);
        return _writer.WrittenCount;
    }

    [Benchmark]
    public HealthCheckRequest Decode()
    {
        var buffer = new ReadOnlySequence<byte>(_framed);
        MessageFraming.TryReadMessage(ref buffer, int.MaxValue, out _, out var payload);
        return Marshaller.Deserialize(payload);
    }
}
