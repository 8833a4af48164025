using Google.Protobuf;
using Greentic.Providers;
using Grpc.Core;

namespace Greentic.ControlPlane.Transports;

/// <summary>
/// One way to reach a binding's provider — in-process, a sidecar or a remote gateway — as a <see cref="CallInvoker"/>
/// wrapped in the binding's resilience. Every provider call, whatever its function, goes through <see cref="CallAsync"/>.
/// </summary>
/// <param name="Kind">For telemetry and messages: <c>inproc</c>, <c>sidecar</c> or <c>remote</c>.</param>
public sealed record ProviderTransport(string Kind, string Target, CallInvoker Invoker)
{
    /// <summary>Runs <paramref name="call"/> and returns the provider's JSON result. Failures are <see cref="RpcException"/>s.</summary>
    public async Task<ByteString> CallAsync(ProviderCall call, CallOptions options)
    {
        var response = await Invoker.AsyncUnaryCall(ProviderMethods.For(call.Function), null, options, ProviderMessages.ToRequest(call)).ConfigureAwait(false);
        return ProviderMessages.ResultJson(response);
    }
}
