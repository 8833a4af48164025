namespace Greentic.ControlPlane.Transports;

/// <summary>
/// The control plane's client identity towards remote gateways (mutual TLS), bound from <c>Greentic:Remote</c>.
/// The files are read again when they change on disk, so certificates rotate without a restart.
/// </summary>
public sealed class RemoteTlsOptions
{
    public const string SectionName = "Greentic:Remote";

    /// <summary>PEM client certificate presented to remote gateways.</summary>
    public string? ClientCertificateFile { get; set; }

    /// <summary>PEM private key of <see cref="ClientCertificateFile"/>.</summary>
    public string? ClientKeyFile { get; set; }

    /// <summary>PEM CA certificate(s) the remote's server certificate must chain to (pinned; the system store is not used).</summary>
    public string? TrustedCaFile { get; set; }
}
