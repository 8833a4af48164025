namespace Greentic.Gateway.Dispatch;

/// <summary>
/// <c>Greentic:Gateway:ControlPlane</c>: how the gateway itself calls the control plane's public gRPC API
/// (ingest dispatch, events, webhook secrets) under its own service identity.
/// </summary>
public sealed class ControlPlaneClientOptions
{
    /// <summary>The control plane's gRPC address: <c>http://HOST:PORT</c> (h2c) or <c>https://HOST:PORT</c>.</summary>
    public string Address { get; set; } = "http://127.0.0.1:7878";

    /// <summary>The gateway's service credential: a bearer JWT the control plane accepts.</summary>
    public string? ServiceToken { get; set; }

    /// <summary>A file holding the bearer token (re-read when it changes, e.g. a projected service-account token); wins over <see cref="ServiceToken"/>.</summary>
    public string? ServiceTokenFile { get; set; }

    /// <summary>PEM client certificate and key for mutual TLS, as an alternative or addition to the token.</summary>
    public string? ClientCertificateFile { get; set; }
    public string? ClientKeyFile { get; set; }

    /// <summary>A PEM CA bundle the control plane's server certificate must chain to (a private CA); default: the system store.</summary>
    public string? CaCertificateFile { get; set; }

    /// <summary>The deadline of every call the gateway makes (ingest_http, Publish, secrets).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long "does this binding have ingest_http" (ProviderService.Describe) is remembered per tenant and provider.</summary>
    public TimeSpan DescribeCacheTtl { get; set; } = TimeSpan.FromSeconds(60);
}
