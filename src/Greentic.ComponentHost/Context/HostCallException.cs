namespace Greentic.ComponentHost;

/// <summary>
/// A failure of a host service that the guest sees as <c>host-error { code, message }</c> (state, http). The message
/// reaches the guest: never put a secret in it.
/// </summary>
public sealed class HostCallException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}

/// <summary>The <c>host-error.code</c> values the host uses.</summary>
public static class HostErrorCodes
{
    public const string NotFound = "not-found";
    public const string Denied = "denied";
    public const string Timeout = "timeout";
    public const string InvalidInput = "invalid-input";
    public const string TooLarge = "too-large";
    public const string Unavailable = "unavailable";
    public const string Internal = "internal";
}
