using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Greentic.ControlPlane.Tests.Auth;

/// <summary>CAs and client certificates with exactly the properties a certificate test needs (validity, EKU, SAN, CA flag).</summary>
internal static class TestCertificates
{
    public const string ClientAuth = "1.3.6.1.5.5.7.3.2";
    public const string ServerAuth = "1.3.6.1.5.5.7.3.1";

    public static X509Certificate2 CreateCa(string subject)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(5));
    }

    /// <summary>A certificate signed by <paramref name="issuer"/>, with its private key.</summary>
    public static X509Certificate2 Issue(X509Certificate2 issuer, string subject, string? sanUri = null, string? dns = null,
        string eku = ClientAuth, bool isCa = false, DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        if (isCa)
        {
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        }
        else
        {
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(eku)], false));
        }
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer, true, false));
        AddSan(request, sanUri, dns);
        var defaultEnd = DateTimeOffset.UtcNow.AddDays(30) < issuer.NotAfter ? DateTimeOffset.UtcNow.AddDays(30) : new DateTimeOffset(issuer.NotAfter);
        using var cert = request.Create(issuer, notBefore ?? DateTimeOffset.UtcNow.AddDays(-1), notAfter ?? defaultEnd, RandomNumberGenerator.GetBytes(12));
        return cert.CopyWithPrivateKey(key);
    }

    /// <summary>A self-signed client certificate (no CA vouches for it).</summary>
    public static X509Certificate2 SelfSigned(string subject, string? sanUri = null)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(ClientAuth)], false));
        AddSan(request, sanUri, null);
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
    }

    public static string Sha256Thumbprint(X509Certificate2 certificate, string separator = "") =>
        string.Join(separator, Convert.ToHexString(SHA256.HashData(certificate.RawData)).Chunk(2).Select(c => new string(c)));

    private static void AddSan(CertificateRequest request, string? sanUri, string? dns)
    {
        if (sanUri is null && dns is null) return;
        var san = new SubjectAlternativeNameBuilder();
        if (dns is not null) san.AddDnsName(dns);
        if (sanUri is not null) san.AddUri(new Uri(sanUri));
        request.CertificateExtensions.Add(san.Build());
    }
}
