using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Greentic.Rpc.Tests.Proto;

namespace Greentic.Rpc.Tests.Infrastructure;

/// <summary>Records what handlers observed, for assertions from the test.</summary>
public sealed class CallProbe
{
    public TaskCompletionSource<bool> HandlerCancelled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    public TaskCompletionSource<DateTime> DeadlineSeen { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    public int Calls;
}

public sealed class EchoService(CallProbe probe) : Echo.EchoBase
{
    public override async Task<EchoResponse> Unary(EchoRequest request, ServerCallContext context)
    {
        Interlocked.Increment(ref probe.Calls);
        probe.DeadlineSeen.TrySetResult(context.Deadline);
        await DelayAndFail(request, context);
        foreach (var entry in context.RequestHeaders)
            if (entry.Key.StartsWith("x-", StringComparison.Ordinal))
                context.ResponseTrailers.Add(entry.IsBinary ? new Metadata.Entry(entry.Key.Replace("x-", "echo-"), entry.ValueBytes) : new Metadata.Entry(entry.Key.Replace("x-", "echo-"), entry.Value));
        return Describe(request, context, 0);
    }

    public override async Task ServerStream(EchoRequest request, IServerStreamWriter<EchoResponse> responseStream, ServerCallContext context)
    {
        for (var i = 0; i < request.Count; i++)
        {
            await responseStream.WriteAsync(new EchoResponse { Text = request.Text, Index = i, Payload = request.Payload });
            if (request.DelayMs > 0) await DelayObserved(request.DelayMs, context);
        }
        if (request.FailCode != 0) await DelayAndFail(new EchoRequest { FailCode = request.FailCode, FailMessage = request.FailMessage }, context);
    }

    public override async Task<EchoResponse> ClientStream(IAsyncStreamReader<EchoRequest> requestStream, ServerCallContext context)
    {
        using var cancelled = context.CancellationToken.Register(() => probe.HandlerCancelled.TrySetResult(true));
        var texts = new List<string>();
        var total = 0;
        await foreach (var request in requestStream.ReadAllAsync(context.CancellationToken))
        {
            texts.Add(request.Text);
            total += request.Payload.Length;
            if (request.FailCode != 0) await DelayAndFail(request, context);
        }
        return new EchoResponse { Text = string.Join(",", texts), Index = total };
    }

    public override async Task Duplex(IAsyncStreamReader<EchoRequest> requestStream, IServerStreamWriter<EchoResponse> responseStream, ServerCallContext context)
    {
        var i = 0;
        await foreach (var request in requestStream.ReadAllAsync(context.CancellationToken))
        {
            if (request.DelayMs > 0) await DelayObserved(request.DelayMs, context);
            if (request.FailCode != 0) await DelayAndFail(request, context);
            await responseStream.WriteAsync(new EchoResponse { Text = request.Text, Index = i++, Payload = request.Payload });
        }
    }

    public override Task<Empty> Ping(Empty request, ServerCallContext context) => Task.FromResult(new Empty());

    private EchoResponse Describe(EchoRequest request, ServerCallContext context, int index)
    {
        var response = new EchoResponse
        {
            Text = request.Text,
            Payload = request.Payload,
            Index = index,
            ClientCertificateSubject = context.ClientCertificate?.Subject ?? "",
            Peer = context.Peer,
        };
        foreach (var entry in context.RequestHeaders)
            response.Headers.Add(entry.Key + "=" + (entry.IsBinary ? Convert.ToHexString(entry.ValueBytes) : entry.Value));
        return response;
    }

    private async Task DelayAndFail(EchoRequest request, ServerCallContext context)
    {
        if (request.DelayMs > 0) await DelayObserved(request.DelayMs, context);
        if (request.FailCode == -1) throw new InvalidOperationException("boom: " + request.FailMessage);
        if (request.FailCode != 0)
        {
            var trailers = new Metadata { { "failure-reason", "requested" }, { "failure-bin", new byte[] { 0, 1, 2, 254, 255 } } };
            throw new RpcException(new Status((StatusCode)request.FailCode, request.FailMessage, request.Payload.ToByteArray()), trailers);
        }
    }

    private async Task DelayObserved(int delayMs, ServerCallContext context)
    {
        try
        {
            await Task.Delay(delayMs, context.CancellationToken);
        }
        catch (OperationCanceledException)
        {
            probe.HandlerCancelled.TrySetResult(true);
            throw;
        }
    }
}
