using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Greentic.Gateway.Tests.Support;
using Greentic.Provider.V1;
using Grpc.Net.Client;

namespace Greentic.Gateway.Tests.Proxy;

public sealed class TlsTerminationTests
{
    [Fact]
    public async Task gRPC_over_TLS_terminates_at_the_gateway_and_reaches_an_h2c_replica()
    {
        await using var a = await ControlPlaneStandIn.StartAsync("a", requireToken: false);
        var directory = Directory.CreateTempSubdirectory("greentic-gw-tls-").FullName;
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(System.Net.IPAddress.Loopback);
        san.AddDnsName("localhost");
        request.CertificateExtensions.Add(san.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        var certFile = Path.Combine(directory, "gateway.crt");
        var keyFile = Path.Combine(directory, "gateway.key");
        await File.WriteAllTextAsync(certFile, certificate.ExportCertificatePem());
        await File.WriteAllTextAsync(keyFile, key.ExportPkcs8PrivateKeyPem());
        try
        {
            var settings = ProxyTestSupport.Cluster("RoundRobin", grpcHealth: false, a);
            settings["Greentic:Gateway:Listen:2:Url"] = "https://127.0.0.1:0";
            settings["Greentic:Gateway:Listen:2:Protocols"] = "Http1AndHttp2";
            settings["Greentic:Gateway:Listen:2:CertificateFile"] = certFile;
            settings["Greentic:Gateway:Listen:2:CertificateKeyFile"] = keyFile;
            await using var gateway = await GatewayUnderTest.StartAsync(settings);
            var tlsAddress = gateway.App.Urls.Single(u => u.StartsWith("https://", StringComparison.Ordinal));
            var handler = new SocketsHttpHandler();
            handler.SslOptions.RemoteCertificateValidationCallback = (_, presented, _, _) =>
                presented is not null && new X509Certificate2(presented).Thumbprint == certificate.Thumbprint;
            using var channel = GrpcChannel.ForAddress(tlsAddress, new GrpcChannelOptions { HttpHandler = handler });

            var response = await new ProviderService.ProviderServiceClient(channel).HealthcheckAsync(
                new HealthcheckRequest { ProviderType = "messaging.dummy" }, deadline: DateTime.UtcNow.AddSeconds(20));

            Assert.Contains("\"replica\":\"a\"", response.HealthJson.ToStringUtf8());
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
