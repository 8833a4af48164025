using System.Text.Json.Nodes;
using Google.Protobuf;
using Greentic.Types.V1;
using Grpc.Core;

namespace Greentic.ControlPlane.Messaging;

/// <summary>
/// Reads a pipeline step's answer the way upstream does: <c>{"ok": true, …}</c> or <c>{"ok": false, "error": {code, message,
/// retryable, backoff_ms?, details?}, "retryable"?}</c>; and turns transport failures into node errors.
/// </summary>
internal static class NodeErrors
{
    /// <summary>The step's failure, or null when it reported ok.</summary>
    public static NodeError? FailureOf(JsonObject output, string op)
    {
        if (output["ok"] is JsonValue ok && ok.TryGetValue<bool>(out var succeeded) && succeeded) return null;
        var error = output["error"];
        var result = new NodeError
        {
            Code = error switch
            {
                JsonObject o => o["code"]?.ToString() ?? "unknown",
                JsonValue v => v.ToString(),
                _ => "unknown",
            },
            // Upstream's send_payload errors are {"ok": false, "message": "...", "retryable": bool}, without an error object.
            Message = error is JsonObject m ? m["message"]?.ToString() ?? $"{op} failed"
                : output["message"] is JsonValue top ? top.ToString() : $"{op} failed",
        };
        if (output["ok"] is null) result.Message = $"{op} answered without \"ok\"";
        result.Retryable = Bool(error?["retryable"]) ?? Bool(output["retryable"]) ?? false;
        if (error is JsonObject e)
        {
            if (e["backoff_ms"] is JsonValue b && b.TryGetValue<ulong>(out var backoff)) result.BackoffMs = backoff;
            if (e["details"] is { } details) result.Details = ByteString.CopyFromUtf8(details.ToJsonString());
        }
        return result;
    }

    /// <summary>A provider call that failed below the pipeline (transport, deadline, limits): retryable unless the status says the call can never work.</summary>
    public static NodeError FromStatus(RpcException e, string op) => new()
    {
        Code = e.StatusCode switch
        {
            StatusCode.DeadlineExceeded => "timeout",
            StatusCode.ResourceExhausted => "rate-limited",
            StatusCode.Unavailable => "unavailable",
            StatusCode.InvalidArgument => "invalid-input",
            StatusCode.PermissionDenied => "permission-denied",
            _ => "internal",
        },
        Message = $"{op}: {e.Status.Detail}",
        Retryable = e.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.ResourceExhausted or StatusCode.Aborted or StatusCode.Internal or StatusCode.Unknown,
    };

    public static NodeError Invalid(string op, string message) => new() { Code = "invalid-input", Message = $"{op}: {message}", Retryable = false };

    private static bool? Bool(JsonNode? node) => node is JsonValue v && v.TryGetValue<bool>(out var b) ? b : null;
}
