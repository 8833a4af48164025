using Google.Protobuf;
using Grpc.Core;

namespace Greentic.ControlPlane.Tests.Transports;

/// <summary>
/// A provider stand-in at the <see cref="CallInvoker"/> seam a transport exposes: each attempt gets the next answer of
/// the script (the last one repeats), a response or an <see cref="RpcException"/>; the options of every attempt are kept.
/// </summary>
internal sealed class ScriptedCallInvoker(params Func<IMessage>[] script) : CallInvoker
{
    private readonly List<CallOptions> _attempts = [];

    public IReadOnlyList<CallOptions> Attempts
    {
        get { lock (_attempts) return _attempts.ToList(); }
    }

    public int Calls => Attempts.Count;

    public static Func<IMessage> Invoke(string json) => () => new Greentic.Provider.V1.InvokeResponse { OutputJson = ByteString.CopyFromUtf8(json) };

    public static Func<IMessage> Fail(StatusCode code) => () => throw new RpcException(new Status(code, $"scripted {code}"));

    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host,
        CallOptions options, TRequest request)
    {
        Func<IMessage> step;
        lock (_attempts)
        {
            _attempts.Add(options);
            step = script[Math.Min(_attempts.Count, script.Length) - 1];
        }
        Task<TResponse> response;
        try
        {
            response = Task.FromResult((TResponse)step());
        }
        catch (RpcException e)
        {
            response = Task.FromException<TResponse>(e);
        }
        return new AsyncUnaryCall<TResponse>(response, Task.FromResult(new Metadata()), () => Status.DefaultSuccess, () => [], () => { });
    }

    public override TResponse BlockingUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) =>
        throw new NotSupportedException();

    public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host,
        CallOptions options, TRequest request) => throw new NotSupportedException();

    public override AsyncClientStreamingCall<TRequest, TResponse> AsyncClientStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method,
        string? host, CallOptions options) => throw new NotSupportedException();

    public override AsyncDuplexStreamingCall<TRequest, TResponse> AsyncDuplexStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method,
        string? host, CallOptions options) => throw new NotSupportedException();
}
