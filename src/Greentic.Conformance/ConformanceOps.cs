namespace Greentic.Conformance;

/// <summary>
/// The conformance op set (docs/conformance.md): the ops a provider implements so the suite can observe what only the
/// provider can show (a secret it read, state it wrote, the context it saw). A check whose op the provider's describe
/// does not list is n/a.
/// </summary>
public static class ConformanceOps
{
    /// <summary>Echoes its input: <c>{"ok":true,"op":"echo","input":…}</c>; malformed input is refused.</summary>
    public const string Echo = "echo";
    /// <summary>A retryable node-error with <c>backoff_ms</c>.</summary>
    public const string Fail = "fail";
    /// <summary><c>{"ms":N,"state_key":K?}</c>: waits N ms honouring the deadline, then writes K = <c>"slept"</c>.</summary>
    public const string Sleep = "sleep";
    /// <summary><c>{"secret":NAME}</c> → <c>{"secret":{"found":…,"value":…}|{"error":…}}</c>.</summary>
    public const string Secret = "secret";
    /// <summary><c>{"state_key":K,"state_value":V}</c> → <c>{"write":{"ok":true}|{"error":…}}</c>.</summary>
    public const string StatePut = "state_put";
    /// <summary><c>{"state_key":K}</c> → <c>{"state":{"value":V}|{"error":…}}</c>.</summary>
    public const string StateGet = "state_get";
    /// <summary>What the provider saw: tenant, team, trace_id, idempotency_key, attempt, traceparent.</summary>
    public const string Context = "context";
}
