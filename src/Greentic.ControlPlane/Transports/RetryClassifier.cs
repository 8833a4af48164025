using System.Text.Json;
using Greentic.Provider.V1;
using Greentic.Rpc;

namespace Greentic.ControlPlane.Transports;

/// <summary>
/// Decides whether a provider call may be retried: only UNAVAILABLE from the transport, or a node-error
/// the provider marked <c>retryable: true</c>. Anything else (a bad request, a denial, a timeout that
/// already spent the caller's deadline) is final.
/// </summary>
internal static class RetryClassifier
{
    public readonly record struct Verdict(bool Retryable, TimeSpan? Backoff);

    public static Verdict Classify(object? result, Exception? exception) => exception switch
    {
        RpcException { StatusCode: StatusCode.Unavailable } => new(true, null),
        null when result is InvokeResponse response => ClassifyOutput(response),
        _ => new(false, null),
    };

    /// <summary>Reads <c>{"ok":false,"error":{"retryable":true,"backoff_ms":N}}</c> from an invoke result.</summary>
    private static Verdict ClassifyOutput(InvokeResponse response)
    {
        var span = response.OutputJson.Span;
        // Cheap pre-check: a successful result never needs parsing.
        if (span.IndexOf("\"retryable\""u8) < 0) return new(false, null);
        try
        {
            using var doc = JsonDocument.Parse(response.OutputJson.Memory);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("ok", out var ok) || ok.ValueKind != JsonValueKind.False)
                return new(false, null);
            if (!root.TryGetProperty("error", out var error) || error.ValueKind != JsonValueKind.Object) return new(false, null);
            var retryable = error.TryGetProperty("retryable", out var r) && r.ValueKind == JsonValueKind.True;
            TimeSpan? backoff = error.TryGetProperty("backoff_ms", out var b) && b.TryGetUInt64(out var ms)
                ? TimeSpan.FromMilliseconds(ms) : null;
            return new(retryable, backoff);
        }
        catch (JsonException)
        {
            return new(false, null);
        }
    }
}
