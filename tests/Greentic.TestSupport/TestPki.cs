using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Greentic.TestSupport;

/// <summary>A throwaway CA with a server certificate for 127.0.0.1/localhost and client certificates by SPIFFE id, written as PEM files.</summary>
public sealed class TestPki
{
    private readonly X509Certificate2 _ca;
    private readonly string _dir;

    public TestPki(string dir)
    {
        _dir = dir;
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=greentic test CA", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        _ca = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        CaFile = Write("ca.pem", _ca.ExportCertificatePem());
        (ServerCertFile, ServerKeyFile) = Issue("server", "CN=localhost", server: true, sanUri: null);
    }

    public string CaFile { get; }
    public string ServerCertFile { get; }
    public string ServerKeyFile { get; }

    /// <summary>PEM files of a new client certificate for <paramref name="spiffeId"/>, signed by this CA.</summary>
    public (string CertFile, string KeyFile) ClientFiles(string spiffeId) => Issue("client-" + Guid.NewGuid().ToString("N")[..8], "CN=control-plane", server: false, spiffeId);

    /// <summary>
    /// PEM files of a remote gateway's identity: one certificate for both ends of mutual TLS — serving (localhost,
    /// 127.0.0.1) and calling back into the control plane as <paramref name="spiffeId"/>.
    /// </summary>
    public (string CertFile, string KeyFile) GatewayFiles(string spiffeId) =>
        Issue("gateway-" + Guid.NewGuid().ToString("N")[..8], "CN=localhost", server: true, spiffeId, clientToo: true);

    /// <summary>PEM files of a server certificate for localhost/127.0.0.1 signed by a CA nobody pinned.</summary>
    public (string CertFile, string KeyFile) StrangerServerFiles() => Issue("stranger-server", "CN=localhost", server: true, sanUri: null, fromStrangerCa: true);

    /// <summary>A client certificate whose SAN URI is <paramref name="spiffeId"/>, signed by this CA (or by a stranger CA).</summary>
    public X509Certificate2 Client(string spiffeId, bool fromStrangerCa = false)
    {
        var (cert, key) = Issue("client-" + Guid.NewGuid().ToString("N")[..8], "CN=sidecar", server: false, spiffeId, fromStrangerCa);
        return X509Certificate2.CreateFromPemFile(cert, key);
    }

    private (string Cert, string Key) Issue(string name, string subject, bool server, string? sanUri, bool fromStrangerCa = false, bool clientToo = false)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        if (server) { san.AddDnsName("localhost"); san.AddIpAddress(System.Net.IPAddress.Loopback); }
        if (sanUri is not null) san.AddUri(new Uri(sanUri));
        request.CertificateExtensions.Add(san.Build());
        var usages = new OidCollection { new Oid(server ? "1.3.6.1.5.5.7.3.1" : "1.3.6.1.5.5.7.3.2") };
        if (clientToo) usages.Add(new Oid("1.3.6.1.5.5.7.3.2"));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(usages, false));
        var issuer = _ca;
        if (fromStrangerCa)
        {
            using var strangerKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var strangerRequest = new CertificateRequest("CN=stranger CA", strangerKey, HashAlgorithmName.SHA256);
            strangerRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
            issuer = strangerRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        }
        var serial = RandomNumberGenerator.GetBytes(12);
        using var cert = request.Create(issuer, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(7), serial);
        return (Write(name + ".pem", cert.ExportCertificatePem()), Write(name + ".key", key.ExportPkcs8PrivateKeyPem()));
    }

    private string Write(string file, string pem)
    {
        var path = Path.Combine(_dir, file);
        File.WriteAllText(path, pem);
        return path;
    }
}
