namespace Greentic.ControlPlane.Hosting;

/// <summary>Where the control plane listens, bound from <c>Greentic:ControlPlane</c>.</summary>
public sealed class ControlPlaneOptions
{
    public const string SectionName = "Greentic:ControlPlane";

    /// <summary>gRPC over h2c: <c>http://127.0.0.1:PORT</c> or <c>unix:///path</c>. Empty disables it.</summary>
    public string GrpcAddress { get; set; } = "http://127.0.0.1:7878";

    /// <summary>gRPC over TLS with optional client certificates (sidecars, remote peers): <c>https://HOST:PORT</c>. Empty disables it.</summary>
    public string? TlsAddress { get; set; }

    /// <summary>PEM server certificate and key for <see cref="TlsAddress"/>.</summary>
    public string? ServerCertificateFile { get; set; }
    public string? ServerKeyFile { get; set; }

    /// <summary>HTTP/1.1 and HTTP/2 for <c>/healthz</c> and <c>/admin/*</c>. Empty disables it.</summary>
    public string? HttpAddress { get; set; } = "http://127.0.0.1:7879";

    /// <summary>
    /// The largest gRPC message the control plane receives or sends, in bytes (both directions; also what it accepts
    /// from providers). A larger one is RESOURCE_EXHAUSTED with this limit and this setting's name in the message.
    /// </summary>
    public int MaxMessageSize { get; set; } = DefaultMaxMessageSize;

    public const int DefaultMaxMessageSize = 4 * 1024 * 1024;
}
