using Google.Protobuf;
using Google.Rpc;
using Grpc.Core;

namespace Greentic.ControlPlane.Tests.Errors;

/// <summary>What a client reads from a failed call's <c>grpc-status-details-bin</c> (Grpc.StatusProto's <c>GetRpcStatus</c>).</summary>
internal sealed record RpcStatusReader(Google.Rpc.Status Status, ErrorInfo Info, RetryInfo? Retry)
{
    /// <summary>Runs <paramref name="call"/>, which must fail with <paramref name="code"/> and details repeating its code and message.</summary>
    public static async Task<RpcStatusReader> FailureOf(Func<Task> call, StatusCode code)
    {
        var e = await Assert.ThrowsAsync<RpcException>(call);
        Assert.Equal(code, e.StatusCode);
        var status = e.GetRpcStatus();
        Assert.NotNull(status);
        Assert.Equal((int)code, status.Code);
        Assert.Equal(e.Status.Detail, status.Message);
        var info = status.GetDetail<ErrorInfo>();
        Assert.NotNull(info);
        Assert.Equal("greentic.dev", info.Domain);
        return new RpcStatusReader(status, info, status.GetDetail<RetryInfo>());
    }

    public string Meta(string key) => Info.Metadata.TryGetValue(key, out var value) ? value : "(absent)";

    /// <summary>The serialized status, to look for what must never be in it.</summary>
    public string Wire => Status.ToByteString().ToStringUtf8();
}
