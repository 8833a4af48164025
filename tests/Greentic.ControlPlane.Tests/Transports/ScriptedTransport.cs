using Google.Protobuf;
using Greentic.ControlPlane.Transports;
using Greentic.Provider.V1;
using Greentic.Rpc;

namespace Greentic.ControlPlane.Tests.Transports;

/// <summary>A provider stand-in whose Invoke answers come from a script, one per attempt; records the options each attempt saw.</summary>
internal sealed class ScriptedTransport(params Func<InvokeResponse>[] script) : IProviderTransport
{
    private int _calls;

    public string Kind => "test";
    public List<CallOptions> Attempts { get; } = [];
    public int Calls => _calls;

    public static Func<InvokeResponse> Json(string json) => () => new InvokeResponse { OutputJson = ByteString.CopyFromUtf8(json) };
    public static Func<InvokeResponse> Throw(StatusCode code) => () => throw new RpcException(new Status(code, code.ToString()));

    public Task<InvokeResponse> InvokeAsync(InvokeRequest request, CallOptions options)
    {
        Attempts.Add(options);
        var step = script[Math.Min(Interlocked.Increment(ref _calls) - 1, script.Length - 1)];
        return Task.FromResult(step());
    }

    public Task<DescribeResponse> DescribeAsync(DescribeRequest request, CallOptions options) => throw new NotSupportedException();
    public Task<ValidateConfigResponse> ValidateConfigAsync(ValidateConfigRequest request, CallOptions options) => throw new NotSupportedException();
    public Task<HealthcheckResponse> HealthcheckAsync(HealthcheckRequest request, CallOptions options) => throw new NotSupportedException();
}
