using Greentic.Gateway.Admin;
using Greentic.Gateway.Dedupe;
using Greentic.Gateway.Dispatch;
using Greentic.Gateway.Limits;
using Greentic.Gateway.Proxy;
using Greentic.Gateway.Webhooks;
using Greentic.Gateway.Webhooks.Secrets;

namespace Greentic.Gateway.Hosting;

/// <summary>
/// Everything the gateway reads, bound from <c>Greentic:Gateway</c> (appsettings.json, then environment
/// variables such as <c>Greentic__Gateway__ControlPlane__Address</c>). The upstream variables
/// <c>GREENTIC_ENV</c>, <c>DEFAULT_TENANT</c> and <c>ADMIN_TOKEN</c> win over the section when set.
/// Proxy routes and clusters live under <c>Greentic:Gateway:Proxy</c> in YARP's own shape and reload on change.
/// </summary>
public sealed class GatewayOptions
{
    public const string SectionName = "Greentic:Gateway";

    /// <summary>The environment of every tenant context the gateway builds (GREENTIC_ENV).</summary>
    public string Env { get; set; } = "dev";

    /// <summary>The tenant of <c>ANY /webhook/{flow_id}</c> when the path names none (DEFAULT_TENANT).</summary>
    public string DefaultTenant { get; set; } = "demo";

    /// <summary>Where the gateway listens. Empty: <see cref="ListenOptions.Defaults"/>.</summary>
    public List<ListenOptions> Listen { get; set; } = [];

    public ControlPlaneClientOptions ControlPlane { get; set; } = new();

    public ProxyOptions Proxy { get; set; } = new();

    public WebhookOptions Webhooks { get; set; } = new();

    public WebhookSecretsOptions Secrets { get; set; } = new();

    public DedupeOptions Dedupe { get; set; } = new();

    public RateLimitOptions RateLimits { get; set; } = new();

    public AdminOptions Admin { get; set; } = new();

    internal static void ApplyUpstreamNames(GatewayOptions o, Func<string, string?> read)
    {
        if (read("GREENTIC_ENV") is { Length: > 0 } env) o.Env = env;
        if (read("DEFAULT_TENANT") is { Length: > 0 } tenant) o.DefaultTenant = tenant;
        if (read("ADMIN_TOKEN") is { Length: > 0 } token) o.Admin.Token = token;
    }
}

/// <summary>One listening endpoint.</summary>
public sealed class ListenOptions
{
    /// <summary><c>http://HOST:PORT</c> or <c>https://HOST:PORT</c>; port 0 picks a free port.</summary>
    public string Url { get; set; } = "";

    /// <summary>
    /// Http1, Http2 or Http1AndHttp2. Cleartext gRPC (h2c) needs Http2: a cleartext Http1AndHttp2 endpoint
    /// speaks HTTP/1.1 only. Over TLS, Http1AndHttp2 lets ALPN choose. Default: Http1AndHttp2.
    /// </summary>
    public string Protocols { get; set; } = "Http1AndHttp2";

    /// <summary>PEM certificate (chain) and key for an https URL: TLS terminates here.</summary>
    public string? CertificateFile { get; set; }
    public string? CertificateKeyFile { get; set; }

    /// <summary>Webhooks and admin on 8080 (HTTP/1.1 and h2 with prior knowledge is not possible on cleartext), gRPC h2c on 8081.</summary>
    public static IReadOnlyList<ListenOptions> Defaults =>
    [
        new() { Url = "http://0.0.0.0:8080", Protocols = "Http1" },
        new() { Url = "http://0.0.0.0:8081", Protocols = "Http2" },
    ];
}
