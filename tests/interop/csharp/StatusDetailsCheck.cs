using Google.Rpc;
using Grpc.Core;

/// <summary>Reads the google.rpc.Status of a failed call with Grpc.StatusProto (<c>GetRpcStatus</c>) and checks its ErrorInfo.</summary>
internal static class StatusDetailsCheck
{
    public static ErrorInfo Expect(RpcException? error, StatusCode code, string reason, params (string Key, string Value)[] metadata)
    {
        if (error is null) throw new CaseFailed($"the call succeeded; want {code}");
        if (error.StatusCode != code) throw new CaseFailed($"status {error.StatusCode} ({error.Status.Detail}); want {code}");
        var status = error.GetRpcStatus() ?? throw new CaseFailed("no grpc-status-details-bin");
        if (status.Code != (int)code || status.Message != error.Status.Detail)
            throw new CaseFailed($"google.rpc.Status says {status.Code} '{status.Message}', the call {(int)error.StatusCode} '{error.Status.Detail}'");
        var info = status.GetDetail<ErrorInfo>() ?? throw new CaseFailed("google.rpc.Status has no ErrorInfo");
        if (info.Reason != reason || info.Domain != "greentic.dev")
            throw new CaseFailed($"ErrorInfo {info.Domain}/{info.Reason}; want greentic.dev/{reason}");
        foreach (var (key, value) in metadata)
            if (!info.Metadata.TryGetValue(key, out var actual) || actual != value)
                throw new CaseFailed($"ErrorInfo.metadata.{key} = {actual ?? "(absent)"}; want {value}");
        return info;
    }
}

/// <summary>A case's check did not hold.</summary>
internal sealed class CaseFailed(string message) : Exception(message);
