using System.Text.Json;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Greentic.ControlPlane.Tenancy;
using Greentic.Worker.V1;
using Grpc.Core;
using Status = Google.Rpc.Status;

namespace Greentic.ControlPlane.Workers;

/// <summary>
/// A <c>worker-error {code, message}</c> as a gRPC status (CONTRACTS.md's error-code mapping): the status message is the
/// worker's message, and <c>grpc-status-details-bin</c> carries the <see cref="WorkerError"/> as the worker wrote it,
/// plus <c>google.rpc.RetryInfo</c> when the worker marked it retryable with a backoff. Codes are matched in upstream's
/// kebab-case or the snake_case workers use (<c>bad_request</c>, <c>transport_error</c>):
/// invalid-input/bad-request → INVALID_ARGUMENT, not-found → NOT_FOUND, conflict → ABORTED, timeout → DEADLINE_EXCEEDED,
/// unauthenticated → UNAUTHENTICATED, permission-denied/forbidden → PERMISSION_DENIED, rate-limited → RESOURCE_EXHAUSTED,
/// unavailable/transport-error → UNAVAILABLE, internal → INTERNAL, anything else → UNKNOWN.
/// </summary>
internal static class WorkerErrors
{
    public static StatusCode StatusOf(string code) => code.Trim().ToLowerInvariant().Replace('_', '-') switch
    {
        "invalid-input" or "invalid-argument" or "bad-request" => StatusCode.InvalidArgument,
        "not-found" => StatusCode.NotFound,
        "conflict" => StatusCode.Aborted,
        "timeout" => StatusCode.DeadlineExceeded,
        "unauthenticated" => StatusCode.Unauthenticated,
        "permission-denied" or "forbidden" => StatusCode.PermissionDenied,
        "rate-limited" => StatusCode.ResourceExhausted,
        "unavailable" or "transport-error" => StatusCode.Unavailable,
        "internal" => StatusCode.Internal,
        _ => StatusCode.Unknown,
    };

    /// <summary>The node-error object of a failed exec answer (undefined when missing) as the worker-error status.</summary>
    public static RpcException FromNodeError(JsonElement error, string workerId)
    {
        string Text(string name) => error.ValueKind == JsonValueKind.Object && error.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String
            ? v.GetString()! : "";
        var code = Text("code");
        var message = Text("message");
        if (code.Length == 0) code = "unknown";
        if (message.Length == 0) message = $"worker '{TenantContext.Sanitize(workerId)}' failed with code '{TenantContext.Sanitize(code)}' and no message";
        var status = new Status { Code = (int)StatusOf(code), Message = message };
        status.Details.Add(Any.Pack(new WorkerError { Code = code, Message = message }));
        if (error.ValueKind == JsonValueKind.Object && error.TryGetProperty("retryable", out var r) && r.ValueKind == JsonValueKind.True
            && error.TryGetProperty("backoff_ms", out var b) && b.TryGetInt64(out var ms) && ms >= 0)
            status.Details.Add(Any.Pack(new RetryInfo { RetryDelay = Duration.FromTimeSpan(TimeSpan.FromMilliseconds(ms)) }));
        return status.ToRpcException();
    }
}
