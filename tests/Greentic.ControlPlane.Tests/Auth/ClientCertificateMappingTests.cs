using System.Security.Cryptography.X509Certificates;
using Greentic.ControlPlane.Auth;
using Greentic.ControlPlane.Tenancy;

namespace Greentic.ControlPlane.Tests.Auth;

/// <summary>
/// How a certificate the handler has validated maps onto a principal (<see cref="ClientCertificateAuthenticator.Map"/>):
/// SPIFFE sidecar ids, thumbprint pins, CN and SAN-pattern mappings. Chain validation is covered over TLS in
/// <see cref="CertificateAuthenticationTests"/>.
/// </summary>
public sealed class ClientCertificateMappingTests : IDisposable
{
    private readonly X509Certificate2 _ca = TestCertificates.CreateCa("CN=Greentic Test CA");

    public void Dispose() => _ca.Dispose();

    private static ClientCertificateAuthenticator Mapper(params ClientCertificateMapping[] mappings) =>
        new(new ClientCertificateOptions { Mappings = [.. mappings] });

    [Fact]
    public void Spiffe_sidecar_id_maps_to_its_tenant_with_the_sidecar_role()
    {
        using var leaf = TestCertificates.Issue(_ca, "CN=telegram", sanUri: "spiffe://greentic/tenant/acme/sidecar/telegram");
        var result = Mapper().Map(leaf);
        Assert.True(result.Succeeded, result.Decision.Message);
        Assert.Equal("spiffe://greentic/tenant/acme/sidecar/telegram", result.Principal!.Subject);
        Assert.Equal(["acme"], result.Principal.Tenants);
        Assert.Equal("acme", result.Principal.DefaultTenant);
        Assert.True(result.Principal.IsInRole(GreenticRoles.Sidecar));
        Assert.Equal(AuthenticationMethod.ClientCertificate, result.Principal.Method);

        var decision = new TenantAuthorizer().Authorize(result.Principal, new TenantContext("dev", "globex"));
        Assert.Equal(AuthStatus.PermissionDenied, decision.Status);
    }

    [Fact]
    public void Spiffe_mapping_follows_the_trust_domain_and_can_be_switched_off()
    {
        using var leaf = TestCertificates.Issue(_ca, "CN=x", sanUri: "spiffe://corp.example/tenant/acme/sidecar/a");
        Assert.False(Mapper().Map(leaf).Succeeded);
        Assert.True(new ClientCertificateAuthenticator(new ClientCertificateOptions { SpiffeTrustDomain = "corp.example" }).Map(leaf).Succeeded);
        Assert.False(new ClientCertificateAuthenticator(new ClientCertificateOptions { SpiffeTrustDomain = "corp.example", MapSpiffeSidecarIds = false })
            .Map(leaf).Succeeded);
    }

    [Fact]
    public void A_thumbprint_pin_wins_over_san_mappings_and_ignores_case_and_colons()
    {
        using var leaf = TestCertificates.Issue(_ca, "CN=pinned", sanUri: "spiffe://greentic/tenant/acme/sidecar/a");
        var pin = TestCertificates.Sha256Thumbprint(leaf, ":").ToLowerInvariant();
        var result = Mapper(new ClientCertificateMapping { Thumbprint = pin, Tenants = ["globex"], Roles = ["sidecar"], Subject = "local-sidecar" }).Map(leaf);
        Assert.True(result.Succeeded, result.Decision.Message);
        Assert.Equal("local-sidecar", result.Principal!.Subject);
        Assert.Equal(["globex"], result.Principal.Tenants);

        using var other = TestCertificates.Issue(_ca, "CN=other");
        Assert.False(Mapper(new ClientCertificateMapping { Thumbprint = pin, Tenants = ["globex"] }).Map(other).Succeeded);
    }

    [Fact]
    public void Common_name_and_san_pattern_mappings()
    {
        using var byCn = TestCertificates.Issue(_ca, "CN=gateway-1");
        var cnResult = Mapper(new ClientCertificateMapping { SubjectCommonName = "gateway-1", Tenants = ["acme", "globex"], Roles = ["admin"] }).Map(byCn);
        Assert.True(cnResult.Succeeded, cnResult.Decision.Message);
        Assert.Equal("CN=gateway-1", cnResult.Principal!.Subject);
        Assert.Equal(2, cnResult.Principal.Tenants.Count);
        Assert.Null(cnResult.Principal.DefaultTenant);

        using var bySan = TestCertificates.Issue(_ca, "CN=y", sanUri: "urn:greentic:acme:team:support");
        var sanResult = Mapper(new ClientCertificateMapping
        {
            SanUri = "urn:greentic:{tenant}:team:{name}",
            Tenants = ["{tenant}"],
            Teams = ["{tenant}/{name}"],
            Subject = "team-bot:{name}",
        }).Map(bySan);
        Assert.True(sanResult.Succeeded, sanResult.Decision.Message);
        Assert.Equal("team-bot:support", sanResult.Principal!.Subject);
        Assert.Equal(["support"], sanResult.Principal.TeamsFor("acme"));
    }

    [Fact]
    public void Mappings_are_tried_in_order_and_the_first_match_wins()
    {
        using var leaf = TestCertificates.Issue(_ca, "CN=both", sanUri: "urn:greentic:acme");
        var result = Mapper(
            new ClientCertificateMapping { SubjectCommonName = "both", Tenants = ["first"] },
            new ClientCertificateMapping { SanUri = "urn:greentic:{tenant}", Tenants = ["{tenant}"] }).Map(leaf);
        Assert.Equal(["first"], result.Principal!.Tenants);
    }

    [Fact]
    public void Trusted_but_unmapped_certificate_is_permission_denied_with_the_setting_to_add()
    {
        using var leaf = TestCertificates.Issue(_ca, "CN=nobody", sanUri: "spiffe://other-domain/tenant/acme/sidecar/x");
        var result = Mapper().Map(leaf);
        Assert.Equal(AuthStatus.PermissionDenied, result.Decision.Status);
        Assert.Contains("matches no mapping", result.Decision.Message);
        Assert.Contains("Greentic:Auth:ClientCertificates:Mappings", result.Decision.Message);
    }

    [Theory]
    [InlineData("spiffe://greentic/tenant/ac.me/sidecar/a")]
    [InlineData("spiffe://greentic/tenant/-acme/sidecar/a")]
    [InlineData("spiffe://greentic/tenant/acme/sidecar/a/extra")]
    public void Spiffe_ids_that_do_not_name_a_valid_tenant_and_sidecar_map_to_nothing(string spiffe)
    {
        using var leaf = TestCertificates.Issue(_ca, "CN=x", sanUri: spiffe);
        Assert.False(Mapper().Map(leaf).Succeeded);
    }

    [Fact]
    public void A_mapping_whose_tenants_expand_to_nothing_valid_is_denied()
    {
        using var leaf = TestCertificates.Issue(_ca, "CN=x");
        var result = Mapper(new ClientCertificateMapping { SubjectCommonName = "x", Tenants = ["not a tenant"] }).Map(leaf);
        Assert.Equal(AuthStatus.PermissionDenied, result.Decision.Status);
        Assert.Contains("maps to no valid tenant", result.Decision.Message);
    }

    [Fact]
    public void San_uris_are_read_from_the_extension()
    {
        using var leaf = TestCertificates.Issue(_ca, "CN=x", sanUri: "spiffe://greentic/tenant/acme/sidecar/a", dns: "x.test");
        Assert.Equal(["spiffe://greentic/tenant/acme/sidecar/a"], ClientCertificateAuthenticator.GetSanUris(leaf));
        using var none = TestCertificates.Issue(_ca, "CN=y");
        Assert.Empty(ClientCertificateAuthenticator.GetSanUris(none));
    }
}
