using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Greentic.ControlPlane.Auth;
using Greentic.ControlPlane.Tests.TestSupport;

namespace Greentic.ControlPlane.Tests.Auth;

public sealed class ClientCertificateAuthenticatorTests : IDisposable
{
    private readonly ManualTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly X509Certificate2 _ca = CreateCa("CN=Greentic Test CA");
    private readonly X509Certificate2 _otherCa = CreateCa("CN=Someone Else CA");

    public void Dispose()
    {
        _ca.Dispose();
        _otherCa.Dispose();
    }

    private ClientCertificateAuthenticator Authenticator(params ClientCertificateMapping[] mappings) =>
        new(new ClientCertificateOptions { Mappings = [.. mappings] }, [_ca], _time);

    [Fact]
    public void Spiffe_sidecar_id_maps_to_its_tenant_with_the_sidecar_role()
    {
        using var leaf = Issue(_ca, "CN=telegram", sanUri: "spiffe://greentic/tenant/acme/sidecar/telegram");
        var result = Authenticator().Authenticate(leaf);
        Assert.True(result.Succeeded, result.Decision.Message);
        Assert.Equal("spiffe://greentic/tenant/acme/sidecar/telegram", result.Principal!.Subject);
        Assert.Equal(["acme"], result.Principal.Tenants);
        Assert.True(result.Principal.IsInRole(GreenticRoles.Sidecar));
        Assert.Equal(AuthenticationMethod.ClientCertificate, result.Principal.Method);

        var decision = new TenantAuthorizer().Authorize(result.Principal, new TenantContext("dev", "globex"));
        Assert.Equal(AuthStatus.PermissionDenied, decision.Status);
    }

    [Fact]
    public void Certificate_from_an_unpinned_ca_is_unauthenticated()
    {
        using var leaf = Issue(_otherCa, "CN=x", sanUri: "spiffe://greentic/tenant/acme/sidecar/telegram");
        var result = Authenticator().Authenticate(leaf);
        Assert.False(result.Succeeded);
        Assert.Equal(AuthStatus.Unauthenticated, result.Decision.Status);
        Assert.Contains("not trusted", result.Decision.Message);
    }

    [Fact]
    public void Self_signed_leaf_is_refused_unless_pinned_by_thumbprint()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=sidecar-local", key, HashAlgorithmName.SHA256);
        using var self = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));

        Assert.False(Authenticator().Authenticate(self).Succeeded);

        var thumb = string.Join(":", Convert.ToHexString(SHA256.HashData(self.RawData)).Chunk(2).Select(c => new string(c)));
        var result = Authenticator(new ClientCertificateMapping { Thumbprint = thumb, Tenants = ["acme"], Roles = ["sidecar"], Subject = "local-sidecar" })
            .Authenticate(self);
        Assert.True(result.Succeeded, result.Decision.Message);
        Assert.Equal("local-sidecar", result.Principal!.Subject);
    }

    [Fact]
    public void Expired_certificate_is_refused()
    {
        using var leaf = Issue(_ca, "CN=x", sanUri: "spiffe://greentic/tenant/acme/sidecar/a");
        _time.Advance(TimeSpan.FromDays(400));
        var result = Authenticator().Authenticate(leaf);
        Assert.Equal(AuthStatus.Unauthenticated, result.Decision.Status);
        Assert.Contains("valid only", result.Decision.Message);
    }

    [Fact]
    public void Common_name_and_san_pattern_mappings()
    {
        using var byCn = Issue(_ca, "CN=gateway-1");
        var cnResult = Authenticator(new ClientCertificateMapping { SubjectCommonName = "gateway-1", Tenants = ["acme", "globex"], Roles = ["admin"] })
            .Authenticate(byCn);
        Assert.True(cnResult.Succeeded, cnResult.Decision.Message);
        Assert.Equal("CN=gateway-1", cnResult.Principal!.Subject);
        Assert.Equal(2, cnResult.Principal.Tenants.Count);

        using var bySan = Issue(_ca, "CN=y", sanUri: "urn:greentic:acme:team:support");
        var sanResult = Authenticator(new ClientCertificateMapping
        {
            SanUri = "urn:greentic:{tenant}:team:{name}",
            Tenants = ["{tenant}"],
            Teams = ["{tenant}/{name}"],
            Subject = "team-bot:{name}",
        }).Authenticate(bySan);
        Assert.True(sanResult.Succeeded, sanResult.Decision.Message);
        Assert.Equal("team-bot:support", sanResult.Principal!.Subject);
        Assert.Equal(["support"], sanResult.Principal.TeamsFor("acme"));
    }

    [Fact]
    public void Trusted_but_unmapped_certificate_is_permission_denied()
    {
        using var leaf = Issue(_ca, "CN=nobody", sanUri: "spiffe://other-domain/tenant/acme/sidecar/x");
        var result = Authenticator().Authenticate(leaf);
        Assert.Equal(AuthStatus.PermissionDenied, result.Decision.Status);
        Assert.Contains("matches no mapping", result.Decision.Message);
    }

    [Fact]
    public void Server_only_extended_key_usage_is_refused()
    {
        using var leaf = Issue(_ca, "CN=server", sanUri: "spiffe://greentic/tenant/acme/sidecar/a", eku: "1.3.6.1.5.5.7.3.1");
        var result = Authenticator().Authenticate(leaf);
        Assert.False(result.Succeeded);
        Assert.Contains("clientAuth", result.Decision.Message);
    }

    [Fact]
    public void Intermediate_presented_by_the_client_completes_the_chain()
    {
        using var intermediate = Issue(_ca, "CN=Intermediate", isCa: true);
        using var leaf = Issue(intermediate, "CN=leaf", sanUri: "spiffe://greentic/tenant/acme/sidecar/a");
        Assert.False(Authenticator().Authenticate(leaf).Succeeded);
        var result = Authenticator().Authenticate(leaf, [intermediate]);
        Assert.True(result.Succeeded, result.Decision.Message);
    }

    [Fact]
    public void Spiffe_tenant_segment_must_be_an_identifier()
    {
        using var leaf = Issue(_ca, "CN=x", sanUri: "spiffe://greentic/tenant/ac.me/sidecar/a");
        Assert.False(Authenticator().Authenticate(leaf).Succeeded);
    }

    [Fact]
    public void Missing_certificate_is_unauthenticated()
    {
        Assert.Equal(AuthStatus.Unauthenticated, Authenticator().Authenticate(null).Decision.Status);
    }

    [Fact]
    public void San_uris_are_read_from_the_extension()
    {
        using var leaf = Issue(_ca, "CN=x", sanUri: "spiffe://greentic/tenant/acme/sidecar/a", dns: "x.test");
        Assert.Equal(["spiffe://greentic/tenant/acme/sidecar/a"], ClientCertificateAuthenticator.GetSanUris(leaf));
    }

    [Fact]
    public void Trusted_ca_file_is_loaded_through_options()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("ca.pem"), _ca.ExportCertificatePem());
        var authenticator = new ClientCertificateAuthenticator(
            Microsoft.Extensions.Options.Options.Create(new ClientCertificateOptions { TrustedCaFile = dir.File("ca.pem") }), _time);
        using var leaf = Issue(_ca, "CN=x", sanUri: "spiffe://greentic/tenant/acme/sidecar/a");
        Assert.True(authenticator.Authenticate(leaf).Succeeded);
    }

    internal static X509Certificate2 CreateCa(string subject)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(5));
    }

    internal static X509Certificate2 Issue(X509Certificate2 issuer, string subject, string? sanUri = null, string? dns = null,
        string eku = "1.3.6.1.5.5.7.3.2", bool isCa = false)
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
        if (sanUri is not null || dns is not null)
        {
            var san = new SubjectAlternativeNameBuilder();
            if (dns is not null) san.AddDnsName(dns);
            if (sanUri is not null) san.AddUri(new Uri(sanUri));
            request.CertificateExtensions.Add(san.Build());
        }
        var serial = RandomNumberGenerator.GetBytes(12);
        using var cert = request.Create(issuer, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30), serial);
        return cert.CopyWithPrivateKey(key);
    }
}
