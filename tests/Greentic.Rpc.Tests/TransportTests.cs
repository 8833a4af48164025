using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Greentic.Rpc.Tests.Infrastructure;
using Greentic.Rpc.Tests.Proto;

namespace Greentic.Rpc.Tests;

/// <summary>TLS with a private CA, mutual TLS, and Unix domain sockets.</summary>
public sealed class TransportTests
{
    private static readonly Lazy<(X509Certificate2 Ca, X509Certificate2 Server, X509Certificate2 Client)> Pki = new(CreatePki);

    private static (X509Certificate2, X509Certificate2, X509Certificate2) CreatePki()
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=Greentic Test CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        var ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        return (ca, Issue(ca, "CN=localhost", server: true), Issue(ca, "CN=tenant-a-client", server: false));
    }

    private static X509Certificate2 Issue(X509Certificate2 ca, string subject, bool server)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid(server ? "1.3.6.1.5.5.7.3.1" : "1.3.6.1.5.5.7.3.2")], false));
        if (server)
        {
            var san = new SubjectAlternativeNameBuilder();
            san.AddDnsName("localhost");
            san.AddIpAddress(System.Net.IPAddress.Loopback);
            request.CertificateExtensions.Add(san.Build());
        }
        var serial = RandomNumberGenerator.GetBytes(8);
        using var issued = request.Create(ca, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(10), serial);
        // Round-trip through PKCS#12 so the private key is usable by SslStream on Linux.
        return X509CertificateLoader.LoadPkcs12(issued.CopyWithPrivateKey(key).Export(X509ContentType.Pkcs12), null);
    }

    [Fact]
    public async Task Tls_with_a_pinned_ca()
    {
        var (ca, server, _) = Pki.Value;
        await using var host = await TestHost.StartAsync(s => s.ServerCertificate = server);
        Assert.StartsWith("https://localhost:", host.Address);
        using var channel = host.CreateChannel(o => o.TrustedCaCertificates = [ca]);
        var response = await new Echo.EchoClient(channel).UnaryAsync(new EchoRequest { Text = "tls" });
        Assert.Equal("tls", response.Text);
        Assert.Equal("", response.ClientCertificateSubject);
    }

    [Fact]
    public async Task Tls_rejects_a_server_outside_the_pinned_ca()
    {
        var (_, server, _) = Pki.Value;
        await using var host = await TestHost.StartAsync(s => s.ServerCertificate = server);
        using var otherCa = ECDsa.Create();
        var other = new CertificateRequest("CN=Other CA", otherCa, HashAlgorithmName.SHA256).CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        using var channel = host.CreateChannel(o => o.TrustedCaCertificates = [other]);
        var ex = await Assert.ThrowsAsync<RpcException>(() => new Echo.EchoClient(channel).UnaryAsync(new EchoRequest()).ResponseAsync);
        Assert.Equal(StatusCode.Unavailable, ex.StatusCode);
    }

    [Fact]
    public async Task Mutual_tls_client_certificate_is_visible_to_the_handler()
    {
        var (ca, server, client) = Pki.Value;
        await using var host = await TestHost.StartAsync(s => { s.ServerCertificate = server; s.RequireClientCertificate = true; });
        using var channel = host.CreateChannel(o =>
        {
            o.TrustedCaCertificates = [ca];
            o.ClientCertificates = [client];
        });
        var response = await new Echo.EchoClient(channel).UnaryAsync(new EchoRequest { Text = "mtls" });
        Assert.Equal("CN=tenant-a-client", response.ClientCertificateSubject);
    }

    [Fact]
    public async Task Custom_server_certificate_validation()
    {
        var (_, server, _) = Pki.Value;
        await using var host = await TestHost.StartAsync(s => s.ServerCertificate = server);
        var seen = "";
        using var channel = host.CreateChannel(o => o.ServerCertificateValidation = (_, certificate, _, _) =>
        {
            seen = certificate!.Subject;
            return true;
        });
        Assert.Equal("v", (await new Echo.EchoClient(channel).UnaryAsync(new EchoRequest { Text = "v" })).Text);
        Assert.Equal("CN=localhost", seen);
    }

    [Fact]
    public async Task Unix_domain_socket()
    {
        var path = Path.Combine(Path.GetTempPath(), $"greentic-rpc-{Guid.NewGuid():N}.sock");
        try
        {
            await using var host = await TestHost.StartAsync(s => s.UnixSocketPath = path);
            using var channel = RpcChannel.ForAddress("unix://" + path);
            var client = new Echo.EchoClient(channel);
            Assert.Equal("uds", (await client.UnaryAsync(new EchoRequest { Text = "uds" })).Text);
            using var call = client.ServerStream(new EchoRequest { Count = 3 });
            var count = 0;
            await foreach (var _ in call.ResponseStream.ReadAllAsync()) count++;
            Assert.Equal(3, count);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Unreachable_server_is_unavailable()
    {
        using var channel = RpcChannel.ForAddress("http://127.0.0.1:1");
        var ex = await Assert.ThrowsAsync<RpcException>(() => new Echo.EchoClient(channel).UnaryAsync(new EchoRequest()).ResponseAsync);
        Assert.Equal(StatusCode.Unavailable, ex.StatusCode);
    }
}
