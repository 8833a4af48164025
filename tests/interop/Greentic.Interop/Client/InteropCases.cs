using Google.Protobuf;
using Greentic.Rpc;
using Grpc.Testing;

namespace Greentic.Interop.Client;

/// <summary>
/// The interop test cases (grpc doc/interop-test-descriptions.md), against the generated Greentic.Rpc client.
/// Compressed flags of responses are checked on the wire through <see cref="MessageFlagRecorder"/>.
/// </summary>
public sealed class InteropCases(TestService.TestServiceClient client, UnimplementedService.UnimplementedServiceClient unimplemented,
    MessageFlagRecorder? recorder)
{
    private const string EchoInitialKey = "x-grpc-test-echo-initial";
    private const string EchoTrailingKey = "x-grpc-test-echo-trailing-bin";
    private const string SpecialMessage = "\t\ntest with whitespace\r\nand Unicode BMP \u263a and non-BMP \U0001F608\t\n";
    private static readonly CallOptions Gzip = new(RequestCompression: "gzip");

    public static IReadOnlyList<string> Names { get; } =
    [
        "empty_unary", "large_unary", "client_compressed_unary", "server_compressed_unary", "client_streaming",
        "client_compressed_streaming", "server_streaming", "server_compressed_streaming", "ping_pong", "empty_stream",
        "custom_metadata", "status_code_and_message", "special_status_message", "unimplemented_method",
        "unimplemented_service", "timeout_on_sleeping_server", "cancel_after_begin", "cancel_after_first_response",
    ];

    public static bool NeedsFlagRecorder(string name) => name is "server_compressed_unary" or "server_compressed_streaming";

    private MessageFlagRecorder WireFlags => recorder ?? throw new InvalidOperationException("this case needs a MessageFlagRecorder");

    public Task RunAsync(string name) => name switch
    {
        "empty_unary" => EmptyUnary(),
        "large_unary" => LargeUnary(),
        "client_compressed_unary" => ClientCompressedUnary(),
        "server_compressed_unary" => ServerCompressedUnary(),
        "client_streaming" => ClientStreaming(),
        "client_compressed_streaming" => ClientCompressedStreaming(),
        "server_streaming" => ServerStreaming(),
        "server_compressed_streaming" => ServerCompressedStreaming(),
        "ping_pong" => PingPong(),
        "empty_stream" => EmptyStream(),
        "custom_metadata" => CustomMetadata(),
        "status_code_and_message" => StatusCodeAndMessage(),
        "special_status_message" => SpecialStatusMessage(),
        "unimplemented_method" => UnimplementedMethod(),
        "unimplemented_service" => UnimplementedService(),
        "timeout_on_sleeping_server" => TimeoutOnSleepingServer(),
        "cancel_after_begin" => CancelAfterBegin(),
        "cancel_after_first_response" => CancelAfterFirstResponse(),
        _ => throw new ArgumentException($"unknown test case '{name}'"),
    };

    private static Payload Zeros(int size) => new() { Body = ByteString.CopyFrom(new byte[size]) };

    private static SimpleRequest LargeRequest() => new() { ResponseSize = 314159, Payload = Zeros(271828) };

    private async Task EmptyUnary()
    {
        var response = await client.EmptyCallAsync(new Empty());
        Check.That(response is not null, "response is null");
    }

    private async Task LargeUnary()
    {
        var response = await client.UnaryCallAsync(LargeRequest());
        Check.Body(response.Payload, 314159);
    }

    private async Task ClientCompressedUnary()
    {
        SimpleRequest Request(bool expect)
        {
            var r = LargeRequest();
            r.ExpectCompressed = new BoolValue { Value = expect };
            return r;
        }
        await Check.FailsWith(StatusCode.InvalidArgument, async () => await client.UnaryCallAsync(Request(true)));
        Check.Body((await client.UnaryCallAsync(Request(true), Gzip)).Payload, 314159);
        Check.Body((await client.UnaryCallAsync(Request(false))).Payload, 314159);
    }

    private async Task ServerCompressedUnary()
    {
        foreach (var compressed in new[] { true, false })
        {
            var request = LargeRequest();
            request.ResponseCompressed = new BoolValue { Value = compressed };
            WireFlags.TakeFlags();
            var response = await client.UnaryCallAsync(request);
            Check.Body(response.Payload, 314159);
            Check.Equal($"[{compressed}]", Show(WireFlags.TakeFlags()), $"compressed flags (response_compressed={compressed})");
        }
    }

    private async Task ClientStreaming()
    {
        using var call = client.StreamingInputCall();
        foreach (var size in new[] { 27182, 8, 1828, 45904 })
            await call.RequestStream.WriteAsync(new StreamingInputCallRequest { Payload = Zeros(size) });
        await call.RequestStream.CompleteAsync();
        Check.Equal(74922, (await call.ResponseAsync).AggregatedPayloadSize, "aggregated_payload_size");
    }

    private async Task ClientCompressedStreaming()
    {
        await Check.FailsWith(StatusCode.InvalidArgument, async () =>
        {
            using var probe = client.StreamingInputCall();
            await probe.RequestStream.WriteAsync(new StreamingInputCallRequest
            {
                ExpectCompressed = new BoolValue { Value = true }, Payload = Zeros(27182),
            });
            await probe.RequestStream.CompleteAsync();
            await probe.ResponseAsync;
        });

        // Greentic.Rpc compresses a whole call, not single messages: the second message, which does not
        // expect compression, is compressed too — which the case allows.
        using var call = client.StreamingInputCall(Gzip);
        await call.RequestStream.WriteAsync(new StreamingInputCallRequest { ExpectCompressed = new BoolValue { Value = true }, Payload = Zeros(27182) });
        await call.RequestStream.WriteAsync(new StreamingInputCallRequest { ExpectCompressed = new BoolValue { Value = false }, Payload = Zeros(45904) });
        await call.RequestStream.CompleteAsync();
        Check.Equal(73086, (await call.ResponseAsync).AggregatedPayloadSize, "aggregated_payload_size");
    }

    private async Task ServerStreaming()
    {
        int[] sizes = [31415, 9, 2653, 58979];
        var request = new StreamingOutputCallRequest();
        request.ResponseParameters.AddRange(sizes.Select(s => new ResponseParameters { Size = s }));
        using var call = client.StreamingOutputCall(request);
        var got = await ReadSizes(call.ResponseStream);
        Check.Equal(Show(sizes), Show(got), "response sizes");
    }

    private async Task ServerCompressedStreaming()
    {
        var request = new StreamingOutputCallRequest();
        request.ResponseParameters.Add(new ResponseParameters { Compressed = new BoolValue { Value = true }, Size = 31415 });
        request.ResponseParameters.Add(new ResponseParameters { Compressed = new BoolValue { Value = false }, Size = 92653 });
        WireFlags.TakeFlags();
        using var call = client.StreamingOutputCall(request);
        var got = await ReadSizes(call.ResponseStream);
        Check.Equal("[31415, 92653]", Show(got), "response sizes");
        Check.Equal("[True, False]", Show(WireFlags.TakeFlags()), "compressed flags");
    }

    private async Task PingPong()
    {
        using var call = client.FullDuplexCall();
        foreach (var (responseSize, bodySize) in new[] { (31415, 27182), (9, 8), (2653, 1828), (58979, 45904) })
        {
            var request = new StreamingOutputCallRequest { Payload = Zeros(bodySize) };
            request.ResponseParameters.Add(new ResponseParameters { Size = responseSize });
            await call.RequestStream.WriteAsync(request);
            Check.That(await call.ResponseStream.MoveNext(), "stream ended before a response");
            Check.Body(call.ResponseStream.Current.Payload, responseSize);
        }
        await call.RequestStream.CompleteAsync();
        Check.That(!await call.ResponseStream.MoveNext(), "more than four responses");
        Check.Equal(StatusCode.OK, call.GetStatus().StatusCode, "status");
    }

    private async Task EmptyStream()
    {
        using var call = client.FullDuplexCall();
        await call.RequestStream.CompleteAsync();
        Check.That(!await call.ResponseStream.MoveNext(), "got a response, want none");
        Check.Equal(StatusCode.OK, call.GetStatus().StatusCode, "status");
    }

    private async Task CustomMetadata()
    {
        byte[] trailingValue = [0xab, 0xab, 0xab];
        var headers = new Metadata { { EchoInitialKey, "test_initial_metadata_value" }, { EchoTrailingKey, trailingValue } };
        void CheckEchoes(Metadata initial, Metadata trailers)
        {
            Check.Equal("test_initial_metadata_value", initial.GetValue(EchoInitialKey), "echoed initial metadata");
            var trailing = trailers.GetValueBytes(EchoTrailingKey);
            Check.That(trailing is not null && trailing.AsSpan().SequenceEqual(trailingValue),
                $"echoed trailing metadata: got {(trailing is null ? "none" : Convert.ToHexString(trailing))}, want ABABAB");
        }

        using (var unary = client.UnaryCallAsync(LargeRequest(), headers))
        {
            Check.Body((await unary.ResponseAsync).Payload, 314159);
            CheckEchoes(await unary.ResponseHeadersAsync, unary.GetTrailers());
        }

        using var duplex = client.FullDuplexCall(headers);
        var request = new StreamingOutputCallRequest { Payload = Zeros(271828) };
        request.ResponseParameters.Add(new ResponseParameters { Size = 314159 });
        await duplex.RequestStream.WriteAsync(request);
        await duplex.RequestStream.CompleteAsync();
        // Headers first, before any read: a client must deliver them without the caller pulling messages.
        var initial = await HeadersWithin(duplex.ResponseHeadersAsync, TimeSpan.FromSeconds(10));
        var sizes = await ReadSizes(duplex.ResponseStream);
        Check.Equal("[314159]", Show(sizes), "response sizes");
        CheckEchoes(initial, duplex.GetTrailers());
    }

    private async Task StatusCodeAndMessage()
    {
        var status = new EchoStatus { Code = 2, Message = "test status message" };
        await Check.FailsWith(StatusCode.Unknown, async () => await client.UnaryCallAsync(new SimpleRequest { ResponseStatus = status }), status.Message);
        await Check.FailsWith(StatusCode.Unknown, async () =>
        {
            using var call = client.FullDuplexCall();
            await call.RequestStream.WriteAsync(new StreamingOutputCallRequest { ResponseStatus = status });
            await call.RequestStream.CompleteAsync();
            await ReadSizes(call.ResponseStream);
        }, status.Message);
    }

    private Task SpecialStatusMessage() =>
        Check.FailsWith(StatusCode.Unknown, async () =>
            await client.UnaryCallAsync(new SimpleRequest { ResponseStatus = new EchoStatus { Code = 2, Message = SpecialMessage } }),
            SpecialMessage);

    private Task UnimplementedMethod() =>
        Check.FailsWith(StatusCode.Unimplemented, async () => await client.UnimplementedCallAsync(new Empty()));

    private Task UnimplementedService() =>
        Check.FailsWith(StatusCode.Unimplemented, async () => await unimplemented.UnimplementedCallAsync(new Empty()));

    private Task TimeoutOnSleepingServer() =>
        Check.FailsWith(StatusCode.DeadlineExceeded, async () =>
        {
            using var call = client.FullDuplexCall(deadline: DateTime.UtcNow.AddMilliseconds(1));
            try
            {
                await call.RequestStream.WriteAsync(new StreamingOutputCallRequest { Payload = Zeros(27182) });
            }
            catch (RpcException)
            {
                // The deadline may pass before the write; the status is then read from the response below.
            }
            await call.ResponseStream.MoveNext();
        });

    private Task CancelAfterBegin() =>
        Check.FailsWith(StatusCode.Cancelled, async () =>
        {
            using var cts = new CancellationTokenSource();
            using var call = client.StreamingInputCall(cancellationToken: cts.Token);
            cts.Cancel();
            await call.ResponseAsync;
        });

    private async Task CancelAfterFirstResponse()
    {
        using var cts = new CancellationTokenSource();
        using var call = client.FullDuplexCall(cancellationToken: cts.Token);
        var request = new StreamingOutputCallRequest { Payload = Zeros(27182) };
        request.ResponseParameters.Add(new ResponseParameters { Size = 31415 });
        await call.RequestStream.WriteAsync(request);
        Check.That(await call.ResponseStream.MoveNext(), "no first response");
        Check.Body(call.ResponseStream.Current.Payload, 31415);
        cts.Cancel();
        await Check.FailsWith(StatusCode.Cancelled, async () => await call.ResponseStream.MoveNext());
    }

    private static async Task<Metadata> HeadersWithin(Task<Metadata> headers, TimeSpan limit)
    {
        try
        {
            return await headers.WaitAsync(limit);
        }
        catch (TimeoutException)
        {
            throw new CheckFailedException($"ResponseHeadersAsync did not complete within {limit.TotalSeconds} s of the server sending its headers");
        }
    }

    private static async Task<List<int>> ReadSizes(IAsyncStreamReader<StreamingOutputCallResponse> stream)
    {
        var sizes = new List<int>();
        while (await stream.MoveNext()) sizes.Add(stream.Current.Payload.Body.Length);
        return sizes;
    }

    private static string Show<T>(IEnumerable<T> items) => "[" + string.Join(", ", items) + "]";
}
