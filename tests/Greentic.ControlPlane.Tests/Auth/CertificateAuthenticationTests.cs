using System.Security.Cryptography.X509Certificates;
using Greentic.ControlPlane.Tests.Calls;
using Grpc.Core;

namespace Greentic.ControlPlane.Tests.Auth;

/// <summary>
/// Client certificates over real TLS: ASP.NET Core's certificate handler validates the chain against the pinned CA
/// (validity, client-auth usage), then the mappings decide the grants. Every refusal is UNAUTHENTICATED with a reason.
/// </summary>
public sealed class CertificateAuthenticationTests(CertificateControlPlane cp) : IClassFixture<CertificateControlPlane>
{
    private Task<RpcException?> CallWith(X509Certificate2 certificate, params X509Certificate2[] chain) => CallWith("acme", certificate, chain);

    private async Task<RpcException?> CallWith(string tenant, X509Certificate2 certificate, params X509Certificate2[] chain)
    {
        using var channel = cp.Channel(certificate, chain);
        try
        {
            await EchoCall.InvokeAsync(channel.CreateCallInvoker(), headers: null, tenant);
            return null;
        }
        catch (RpcException e)
        {
            return e;
        }
    }

    private static void AssertUnauthenticated(RpcException? refusal)
    {
        Assert.NotNull(refusal);
        Assert.True(refusal.StatusCode == StatusCode.Unauthenticated, $"{refusal.StatusCode}: {refusal.Status.Detail}");
        Assert.False(string.IsNullOrWhiteSpace(refusal.Status.Detail));
        Assert.DoesNotContain("carries no credentials", refusal.Status.Detail);
    }

    [Fact]
    public async Task A_sidecar_certificate_from_the_pinned_ca_acts_for_its_tenant_only()
    {
        using var leaf = TestCertificates.Issue(cp.ClientCa, "CN=telegram", sanUri: "spiffe://greentic/tenant/acme/sidecar/telegram");
        Assert.Null(await CallWith(leaf));
        using var channel = cp.Channel(leaf);
        var other = await Assert.ThrowsAsync<RpcException>(() => EchoCall.InvokeAsync(channel.CreateCallInvoker(), null, tenant: "globex"));
        Assert.Equal(StatusCode.PermissionDenied, other.StatusCode);
        Assert.Contains("not granted tenant 'globex'", other.Status.Detail);
    }

    [Fact]
    public async Task A_certificate_from_an_unpinned_ca_is_unauthenticated()
    {
        using var stranger = TestCertificates.CreateCa("CN=Someone Else CA");
        using var leaf = TestCertificates.Issue(stranger, "CN=x", sanUri: "spiffe://greentic/tenant/acme/sidecar/telegram");
        AssertUnauthenticated(await CallWith(leaf));
    }

    [Fact]
    public async Task An_expired_or_not_yet_valid_certificate_is_unauthenticated()
    {
        using var expired = TestCertificates.Issue(cp.ClientCa, "CN=x", sanUri: "spiffe://greentic/tenant/acme/sidecar/a",
            notBefore: DateTimeOffset.UtcNow.AddHours(-20), notAfter: DateTimeOffset.UtcNow.AddHours(-1));
        AssertUnauthenticated(await CallWith(expired));
        using var future = TestCertificates.Issue(cp.ClientCa, "CN=x", sanUri: "spiffe://greentic/tenant/acme/sidecar/a",
            notBefore: DateTimeOffset.UtcNow.AddDays(1), notAfter: DateTimeOffset.UtcNow.AddDays(30));
        AssertUnauthenticated(await CallWith(future));
    }

    [Fact]
    public async Task A_certificate_only_for_server_authentication_is_unauthenticated()
    {
        using var leaf = TestCertificates.Issue(cp.ClientCa, "CN=server", sanUri: "spiffe://greentic/tenant/acme/sidecar/a", eku: TestCertificates.ServerAuth);
        AssertUnauthenticated(await CallWith(leaf));
    }

    [Fact]
    public async Task A_trusted_but_unmapped_certificate_is_refused_with_the_setting_to_add()
    {
        using var leaf = TestCertificates.Issue(cp.ClientCa, "CN=nobody", sanUri: "spiffe://other-domain/tenant/acme/sidecar/x");
        var refusal = await CallWith(leaf);
        Assert.NotNull(refusal);
        Assert.Equal(StatusCode.Unauthenticated, refusal.StatusCode);
        Assert.Contains("Greentic:Auth:ClientCertificates:Mappings", refusal.Status.Detail);
    }

    [Fact]
    public async Task A_thumbprint_mapping_grants_its_tenants_to_a_ca_issued_certificate()
    {
        Assert.Null(await CallWith("globex", cp.PinnedByCa));
        Assert.Equal(StatusCode.PermissionDenied, (await CallWith("acme", cp.PinnedByCa))?.StatusCode);
    }

    [Fact]
    public async Task A_certificate_from_a_pinned_intermediate_ca_is_accepted()
    {
        using var leaf = TestCertificates.Issue(cp.IntermediateCa, "CN=leaf", sanUri: "spiffe://greentic/tenant/acme/sidecar/a");
        Assert.Null(await CallWith(leaf, cp.IntermediateCa));
        Assert.Null(await CallWith(leaf));
    }

    [Fact]
    public async Task A_self_signed_certificate_is_refused_even_when_its_thumbprint_is_mapped()
    {
        using var unpinned = TestCertificates.SelfSigned("CN=self", sanUri: "spiffe://greentic/tenant/acme/sidecar/a");
        AssertUnauthenticated(await CallWith(unpinned));
        AssertUnauthenticated(await CallWith(cp.SelfSignedPinned));
    }

    [Fact]
    public async Task Tls_without_a_certificate_or_token_is_unauthenticated_naming_both_ways_in()
    {
        using var channel = cp.TlsChannel(clientCertificate: null);
        var ex = await Assert.ThrowsAsync<RpcException>(() => EchoCall.InvokeAsync(channel.Invoker, null));
        Assert.Equal(StatusCode.Unauthenticated, ex.StatusCode);
        Assert.Contains("authorization: Bearer", ex.Status.Detail);
        Assert.Contains("client certificate", ex.Status.Detail);
    }
}
