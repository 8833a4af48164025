namespace Greentic.Gateway.Proxy;

/// <summary>
/// <c>Greentic:Gateway:Proxy</c>. Routes and clusters are YARP's own configuration shape
/// (<c>Routes:{id}:{ClusterId, Match:{Path, Headers}, ...}</c>, <c>Clusters:{id}:{Destinations, HealthCheck, HttpRequest, ...}</c>),
/// read from this section or, when <see cref="ConfigFile"/> is set, from that JSON file. With neither, one
/// cluster <c>control-plane</c> is built for <c>ControlPlane:Address</c> (gRPC health probe on, every gRPC path routed to it).
/// </summary>
public sealed class ProxyOptions
{
    /// <summary>A JSON file <c>{"Routes":{…},"Clusters":{…}}</c>, watched and reloaded; a bad edit keeps the last good config.</summary>
    public string? ConfigFile { get; set; }

    /// <summary>How often <see cref="ConfigFile"/> is checked for changes.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Per-request body limit for proxied calls (the whole stream of a client-streaming call); null: no limit.</summary>
    public long? MaxRequestBodyBytes { get; set; } = 64L * 1024 * 1024;

    public ProxyRetryOptions Retry { get; set; } = new();
}

/// <summary>
/// Retries of idempotent gRPC calls onto another replica when the chosen one fails before answering
/// (connection refused or reset, replica killed mid-flight). Only methods listed here are retried, only
/// when nothing has reached the client yet, and only with a request body small enough to buffer.
/// </summary>
public sealed class ProxyRetryOptions
{
    public bool Enabled { get; set; } = true;

    /// <summary>Total attempts per call, the first included (2 = one retry on another replica).</summary>
    public int MaxAttempts { get; set; } = 2;

    /// <summary>Bodies larger than this are not buffered, so such calls are not retried.</summary>
    public int MaxBufferedBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// gRPC paths that are safe to repeat: <c>/package.Service/Method</c>, or <c>/package.Service/*</c> for a whole
    /// service. Default: read-only methods of the Greentic APIs and the health service.
    /// </summary>
    public List<string> IdempotentMethods { get; set; } =
    [
        "/grpc.health.v1.Health/Check",
        "/greentic.provider.v1.ProviderService/Describe",
        "/greentic.provider.v1.ProviderService/ValidateConfig",
        "/greentic.provider.v1.ProviderService/Healthcheck",
        "/greentic.secrets.v1.SecretsService/Get",
        "/greentic.state.v1.StateService/Read",
        "/greentic.admin.v1.AdminService/GetPackStatus",
        "/greentic.admin.v1.AdminService/ListProviders",
        "/greentic.admin.v1.AdminService/ListRoutes",
        "/greentic.messaging.v1.MessagingService/ListDeadLetters",
    ];
}
