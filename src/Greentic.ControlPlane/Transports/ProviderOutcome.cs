using System.Text.Json;
using Google.Protobuf;
using Greentic.Provider.V1;
using Grpc.Core;

namespace Greentic.ControlPlane.Transports;

/// <summary>
/// How one provider attempt ended, classified once: whether it may be retried (only UNAVAILABLE from the
/// transport, or a node-error the provider marked <c>retryable: true</c>), the backoff the provider asked for,
/// and whether it counts as a failure for the circuit breaker. Anything else (a bad request, a denial, a
/// timeout that already spent the caller's deadline) is final.
/// </summary>
internal readonly record struct ProviderOutcome(bool Retryable, TimeSpan? Backoff, bool Failed)
{
    public static readonly ProviderOutcome Success = new(false, null, false);

    public static ProviderOutcome Of(RpcException exception) => exception.StatusCode switch
    {
        StatusCode.Unavailable => new(true, null, true),
        StatusCode.DeadlineExceeded => new(false, null, true),
        _ => new(false, null, false),
    };

    public static ProviderOutcome Of(IMessage response) => response is InvokeResponse invoke ? OfOutput(invoke.OutputJson) : Success;

    /// <summary>Reads <c>{"ok":false,"error":{"retryable":true,"backoff_ms":N}}</c> from an invoke result.</summary>
    private static ProviderOutcome OfOutput(ByteString output)
    {
        // Cheap pre-check: a successful result never needs parsing.
        if (output.Span.IndexOf("\"retryable\""u8) < 0) return Success;
        try
        {
            using var doc = JsonDocument.Parse(output.Memory);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("ok", out var ok) || ok.ValueKind != JsonValueKind.False
                || !root.TryGetProperty("error", out var error) || error.ValueKind != JsonValueKind.Object)
                return Success;
            var retryable = error.TryGetProperty("retryable", out var r) && r.ValueKind == JsonValueKind.True;
            TimeSpan? backoff = error.TryGetProperty("backoff_ms", out var b) && b.TryGetUInt64(out var ms) ? TimeSpan.FromMilliseconds(ms) : null;
            return new(retryable, backoff, retryable);
        }
        catch (JsonException)
        {
            return Success;
        }
    }
}
