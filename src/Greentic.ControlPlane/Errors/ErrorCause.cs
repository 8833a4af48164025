namespace Greentic.ControlPlane.Errors;

/// <summary>
/// Why a call failed, as clients read it in the <c>google.rpc.ErrorInfo</c> of <c>grpc-status-details-bin</c>:
/// an UPPER_SNAKE <see cref="Reason"/> (one of <see cref="ErrorReasons"/>), metadata naming what it concerns
/// (tenant, provider_type, setting …) and, where trying again later can succeed, how long to wait.
/// Metadata values are identifiers and numbers only — never a token, a secret or a request payload.
/// </summary>
public sealed record ErrorCause(string Reason, IReadOnlyDictionary<string, string> Metadata, TimeSpan? RetryAfter = null)
{
    public static ErrorCause Of(string reason, params (string Key, string? Value)[] metadata) =>
        new(reason, metadata.Where(m => !string.IsNullOrEmpty(m.Value)).ToDictionary(m => m.Key, m => m.Value!, StringComparer.Ordinal));

    /// <summary>A copy with <paramref name="key"/> set unless the cause already names it.</summary>
    public ErrorCause WithDefault(string key, string? value) =>
        string.IsNullOrEmpty(value) || Metadata.ContainsKey(key)
            ? this
            : this with { Metadata = new Dictionary<string, string>(Metadata, StringComparer.Ordinal) { [key] = value } };
}
