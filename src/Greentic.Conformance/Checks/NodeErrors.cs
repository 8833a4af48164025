using System.Text.Json.Nodes;

namespace Greentic.Conformance.Checks;

/// <summary>
/// The node-error shape (CONTRACTS.md): <c>{"ok":false,"error":{code,message,retryable,backoff_ms?}}</c> with a code
/// from WIT <c>error-code</c>.
/// </summary>
internal static class NodeErrors
{
    public static readonly IReadOnlySet<string> Codes = new HashSet<string>(StringComparer.Ordinal)
    {
        "unknown", "invalid-input", "not-found", "conflict", "timeout", "unauthenticated", "permission-denied", "rate-limited",
        "unavailable", "internal",
    };

    /// <summary>Null when <paramref name="answer"/> is a well-formed node-error, else what is wrong with it.</summary>
    public static string? Problem(JsonObject? answer)
    {
        if (answer is null) return "the answer is not a JSON object";
        if (answer["ok"] is not JsonValue ok || !ok.TryGetValue<bool>(out var okValue) || okValue) return "ok is not false";
        if (answer["error"] is not JsonObject error) return "error is not an object";
        if (!Text(error, "code", out var code)) return "error.code is not a string";
        if (!Codes.Contains(code)) return $"error.code '{code}' is not an error-code ({string.Join(", ", Codes)})";
        if (!Text(error, "message", out _)) return "error.message is not a string";
        if (error["retryable"] is not JsonValue r || !r.TryGetValue<bool>(out _)) return "error.retryable is not a boolean";
        if (error["backoff_ms"] is { } b && (b is not JsonValue v || !v.TryGetValue<long>(out var ms) || ms < 0))
            return "error.backoff_ms is not a non-negative integer";
        return null;
    }

    /// <summary>The node-error's code when <paramref name="answer"/> is one (ok false), else null.</summary>
    public static string? Code(JsonObject? answer) =>
        answer?["ok"] is JsonValue ok && ok.TryGetValue<bool>(out var b) && !b && answer["error"] is JsonObject e && Text(e, "code", out var c) ? c : null;

    public static bool Text(JsonObject o, string name, out string value)
    {
        value = "";
        return o[name] is JsonValue v && v.TryGetValue(out value!);
    }
}
