using Google.Protobuf;
using Greentic.Providers;
using Grpc.Core;

namespace Greentic.ControlPlane.Transports;

/// <summary>
/// The in-process transport as a <see cref="CallInvoker"/>, so it composes with client interceptors exactly like a
/// gRPC channel: a ProviderService request is turned into a <see cref="ProviderCall"/> and run by the first
/// in-process runtime that serves its provider type, with the call's deadline applied as cancellation and reported
/// as DEADLINE_EXCEEDED, as a remote hop would.
/// </summary>
internal sealed class InProcCallInvoker(IEnumerable<IInProcProviders> runtimes, TimeProvider time) : CallInvoker
{
    private readonly IInProcProviders[] _runtimes = runtimes.ToArray();

    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host,
        CallOptions options, TRequest request)
    {
        var response = RunAsync<TResponse>(ProviderMessages.ToCall((IMessage)request), options);
        return new AsyncUnaryCall<TResponse>(response, Task.FromResult(new Metadata()), () => Status.DefaultSuccess, () => [], () => { });
    }

    private async Task<TResponse> RunAsync<TResponse>(ProviderCall call, CallOptions options)
    {
        var runtime = Array.Find(_runtimes, r => r.Serves(call))
            ?? throw new RpcException(new Status(StatusCode.NotFound,
                $"no in-process provider '{call.ProviderType}' for tenant '{call.Ctx.Tenant}': no C# provider has that type and none of the tenant's packs declares it"));
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(options.CancellationToken);
        DateTime? deadline = options.Deadline is { } d && d != DateTime.MaxValue ? d.ToUniversalTime() : null;
        if (deadline is { } until)
        {
            var remaining = until - time.GetUtcNow().UtcDateTime;
            if (remaining <= TimeSpan.Zero) throw DeadlineExceeded(call);
            cts.CancelAfter(remaining);
        }
        try
        {
            var json = await runtime.CallAsync(call, deadline, cts.Token).ConfigureAwait(false);
            return (TResponse)ProviderMessages.ToResponse(call.Function, UnsafeByteOperations.UnsafeWrap(json));
        }
        // The deadline fired our token, not the caller's: report it as the deadline, whether the runtime threw or mapped it.
        catch (Exception e) when (e is OperationCanceledException or RpcException { StatusCode: StatusCode.Cancelled }
                                  && cts.IsCancellationRequested && !options.CancellationToken.IsCancellationRequested)
        {
            throw DeadlineExceeded(call);
        }
    }

    private static RpcException DeadlineExceeded(ProviderCall call) =>
        new(new Status(StatusCode.DeadlineExceeded, $"Deadline exceeded in the in-process provider '{call.ProviderType}'."));

    public override TResponse BlockingUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) =>
        throw Unsupported(method);

    public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method,
        string? host, CallOptions options, TRequest request) => throw Unsupported(method);

    public override AsyncClientStreamingCall<TRequest, TResponse> AsyncClientStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method,
        string? host, CallOptions options) => throw Unsupported(method);

    public override AsyncDuplexStreamingCall<TRequest, TResponse> AsyncDuplexStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method,
        string? host, CallOptions options) => throw Unsupported(method);

    private static RpcException Unsupported(IMethod method) =>
        new(new Status(StatusCode.Unimplemented, $"the in-process transport serves unary ProviderService calls only, not '{method.FullName}'"));
}
