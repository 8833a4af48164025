using System.Security.Cryptography.X509Certificates;

namespace Greentic.Providers.Channels;

/// <summary>
/// A client's TLS settings: the CA roots the server's certificate must chain to (pinned: the system store is not
/// used) and, for mutual TLS, the client's own certificate with its private key.
/// </summary>
public sealed record ChannelTls(X509Certificate2Collection TrustedRoots, X509Certificate2? ClientCertificate = null)
{
    /// <summary>Reads PEM files: the client certificate and key, and the trusted CA certificate(s).</summary>
    public static ChannelTls FromFiles(string clientCertificateFile, string clientKeyFile, string trustedCaFile)
    {
        var roots = new X509Certificate2Collection();
        roots.ImportFromPemFile(trustedCaFile);
        return new ChannelTls(roots, X509Certificate2.CreateFromPemFile(clientCertificateFile, clientKeyFile));
    }
}
