namespace Greentic.Gateway.Proxy;

/// <summary>What the admin status shows about the proxy configuration: the live snapshot and the last reload attempt.</summary>
public sealed record ProxyConfigStatus(
    string Version,
    string Source,
    int Routes,
    int Clusters,
    DateTimeOffset? LastAttempt,
    DateTimeOffset? LastSuccess,
    string? LastError,
    IReadOnlyList<string> LastErrors);
