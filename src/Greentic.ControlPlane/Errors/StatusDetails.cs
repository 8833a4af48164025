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
    /// <paramref name="exception"/>'s status with the details added: trailers it already carries are kept, except a
    /// <c>grpc-status-details-bin</c> from a provider further down, which this control plane replaces with its own.
    /// </summary>
    public static RpcException Attach(RpcException exception, ErrorCause cause)
    {
        var trailers = new Metadata();
        foreach (var entry in exception.Trailers)
            if (!string.Equals(entry.Key, TrailerName, StringComparison.OrdinalIgnoreCase)) trailers.Add(entry);
        trailers.SetRpcStatus(Build(exception.StatusCode, exception.Status.Detail, cause));
        var attached = new RpcException(exception.Status, trailers, exception.Message);
        attached.WithCause(cause);
        return attached;
    }
}
