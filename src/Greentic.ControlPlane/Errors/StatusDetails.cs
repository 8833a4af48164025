using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Status = Google.Rpc.Status;

namespace Greentic.ControlPlane.Errors;

/// <summary>
/// Builds the <c>google.rpc.Status</c> a failed call carries in <c>grpc-status-details-bin</c>: the call's code and
/// message (unchanged), an <c>ErrorInfo</c> (<see cref="ErrorReasons.Domain"/>, reason, metadata) and, when the cause
/// says when to try again, a <c>RetryInfo</c>.
/// </summary>
public static class StatusDetails
{
    public const string TrailerName = MetadataExtensions.StatusDetailsTrailerName;

    public static Status Build(StatusCode code, string message, ErrorCause cause)
    {
        var info = new ErrorInfo { Reason = cause.Reason, Domain = ErrorReasons.Domain };
        foreach (var (key, value) in cause.Metadata) info.Metadata[key] = value;
        var status = new Status { Code = (int)code, Message = message ?? "" };
        status.Details.Add(Any.Pack(info));
        if (cause.RetryAfter is { } delay)
            status.Details.Add(Any.Pack(new RetryInfo { RetryDelay = Duration.FromTimeSpan(delay < TimeSpan.Zero ? TimeSpan.Zero : delay) }));
        return status;
    }

    /// <summary>The header value of a Trailers-Only response: the serialized status, base64 as gRPC sends binary metadata.</summary>
    public static string HeaderValue(StatusCode code, string message, ErrorCause cause) =>
        Convert.ToBase64String(Build(code, message, cause).ToByteArray());

    /// <summary>
    /// <paramref name="exception"/>'s status with the details added. Details it already carries (a worker's error, its
    /// RetryInfo, a provider's own details) are kept; the greentic.dev ErrorInfo is added when none is there, and the
    /// cause's RetryInfo when there is none. The status keeps the call's code and message; other trailers are kept.
    /// </summary>
    public static RpcException Attach(RpcException exception, ErrorCause cause)
    {
        var built = Build(exception.StatusCode, exception.Status.Detail, cause);
        var status = exception.Trailers.GetRpcStatus(ignoreParseError: true) ?? new Status();
        status.Code = built.Code;
        status.Message = built.Message;
        if (!status.Details.Any(d => d.Is(ErrorInfo.Descriptor) && d.Unpack<ErrorInfo>().Domain == ErrorReasons.Domain))
            status.Details.Insert(0, built.Details[0]);
        if (built.Details.Count > 1 && !status.Details.Any(d => d.Is(RetryInfo.Descriptor)))
            status.Details.Add(built.Details[1]);
        var trailers = new Metadata();
        foreach (var entry in exception.Trailers)
            if (!string.Equals(entry.Key, TrailerName, StringComparison.OrdinalIgnoreCase)) trailers.Add(entry);
        trailers.SetRpcStatus(status);
        var attached = new RpcException(exception.Status, trailers, exception.Message);
        attached.WithCause(cause);
        return attached;
    }
}
