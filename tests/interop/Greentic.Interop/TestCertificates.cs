using System.Security.Cryptography.X509Certificates;

namespace Greentic.Interop;

/// <summary>The interop test PKI in tests/interop/certs (see make-certs.sh), copied next to the binary.</summary>
public static class TestCertificates
{
    private static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "certs", name);

    public static X509Certificate2 ServerCertificate() =>
        X509CertificateLoader.LoadPkcs12FromFile(PathOf("server.pfx"), password: "");

    public static X509Certificate2 CaCertificate() => X509CertificateLoader.LoadCertificateFromFile(PathOf("ca.pem"));
}
