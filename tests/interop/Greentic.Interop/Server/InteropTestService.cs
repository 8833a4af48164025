using Google.Protobuf;
using Greentic.Rpc;
using Grpc.Testing;

namespace Greentic.Interop.Server;

/// <summary>
/// grpc.testing.TestService as the interop cases expect it (grpc doc/interop-test-descriptions.md, "Server").
/// UnimplementedCall is left to the generated base, which answers UNIMPLEMENTED.
/// </summary>
public sealed class InteropTestService : TestService.TestServiceBase
{
    public override async Task<Empty> EmptyCall(Empty request, ServerCallContext context)
    {
        await CallFeatures.EchoMetadataAsync(context);
        return new Empty();
    }

    public override async Task<SimpleResponse> UnaryCall(SimpleRequest request, ServerCallContext context)
    {
        await CallFeatures.EchoMetadataAsync(context, responseCompressed: request.ResponseCompressed?.Value);
        CallFeatures.CheckExpectCompressed(request.ExpectCompressed, context);
        CallFeatures.ThrowIfEchoStatus(request.ResponseStatus);
        return new SimpleResponse { Payload = CallFeatures.Zeros(request.ResponseSize) };
    }

    public override Task<SimpleResponse> CacheableUnaryCall(SimpleRequest request, ServerCallContext context) =>
        Task.FromResult(new SimpleResponse
        {
            Payload = new Payload { Body = ByteString.CopyFromUtf8(DateTime.UtcNow.Ticks.ToString()) },
        });

    public override async Task StreamingOutputCall(StreamingOutputCallRequest request,
        IServerStreamWriter<StreamingOutputCallResponse> responseStream, ServerCallContext context)
    {
        await CallFeatures.EchoMetadataAsync(context, responseCompressed: AnyCompressed(request));
        await WriteResponsesAsync(request, responseStream, context);
        CallFeatures.ThrowIfEchoStatus(request.ResponseStatus);
    }

    public override async Task<StreamingInputCallResponse> StreamingInputCall(
        IAsyncStreamReader<StreamingInputCallRequest> requestStream, ServerCallContext context)
    {
        await CallFeatures.EchoMetadataAsync(context);
        var total = 0;
        while (await requestStream.MoveNext(context.CancellationToken))
        {
            var request = requestStream.Current;
            CallFeatures.CheckExpectCompressed(request.ExpectCompressed, context);
            total += request.Payload?.Body.Length ?? 0;
        }
        return new StreamingInputCallResponse { AggregatedPayloadSize = total };
    }

    public override async Task FullDuplexCall(IAsyncStreamReader<StreamingOutputCallRequest> requestStream,
        IServerStreamWriter<StreamingOutputCallResponse> responseStream, ServerCallContext context)
    {
        await CallFeatures.EchoMetadataAsync(context);
        while (await requestStream.MoveNext(context.CancellationToken))
        {
            var request = requestStream.Current;
            CallFeatures.ThrowIfEchoStatus(request.ResponseStatus);
            await WriteResponsesAsync(request, responseStream, context);
        }
    }

    public override async Task HalfDuplexCall(IAsyncStreamReader<StreamingOutputCallRequest> requestStream,
        IServerStreamWriter<StreamingOutputCallResponse> responseStream, ServerCallContext context)
    {
        await CallFeatures.EchoMetadataAsync(context);
        var requests = new List<StreamingOutputCallRequest>();
        while (await requestStream.MoveNext(context.CancellationToken)) requests.Add(requestStream.Current);
        foreach (var request in requests)
        {
            CallFeatures.ThrowIfEchoStatus(request.ResponseStatus);
            await WriteResponsesAsync(request, responseStream, context);
        }
    }

    private static async Task WriteResponsesAsync(StreamingOutputCallRequest request,
        IServerStreamWriter<StreamingOutputCallResponse> responseStream, ServerCallContext context)
    {
        foreach (var parameters in request.ResponseParameters)
        {
            if (parameters.IntervalUs > 0)
                await Task.Delay(TimeSpan.FromMicroseconds(parameters.IntervalUs), context.CancellationToken);
            // On a call that compresses, compressed=false sends this one message uncompressed.
            context.WriteOptions = parameters.Compressed?.Value == false ? new WriteOptions(WriteFlags.NoCompress) : null;
            await responseStream.WriteAsync(new StreamingOutputCallResponse { Payload = CallFeatures.Zeros(parameters.Size) },
                context.CancellationToken);
        }
    }

    // Compression is switched on for the call when any response asks for it; the others opt out per message.
    private static bool? AnyCompressed(StreamingOutputCallRequest request) =>
        request.ResponseParameters.Any(p => p.Compressed?.Value == true) ? true : null;
}
