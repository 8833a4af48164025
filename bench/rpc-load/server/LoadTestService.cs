using Google.Protobuf;
using Greentic.Rpc;
using Grpc.Testing;

namespace Greentic.Rpc.LoadServer;

/// <summary>The two unary methods the load benchmark drives; the other TestService methods answer UNIMPLEMENTED.</summary>
internal sealed class LoadTestService : TestService.TestServiceBase
{
    // A fresh response per call, as ordinary handler code writes it (no cached reply).
    public override Task<Empty> EmptyCall(Empty request, ServerCallContext context) => Task.FromResult(new Empty());

    public override Task<SimpleResponse> UnaryCall(SimpleRequest request, ServerCallContext context) =>
        Task.FromResult(new SimpleResponse
        {
            Payload = request.ResponseSize > 0 ? new Payload { Body = ByteString.CopyFrom(new byte[request.ResponseSize]) } : null,
        });
}
