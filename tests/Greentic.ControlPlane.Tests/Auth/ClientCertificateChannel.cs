using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Grpc.Net.Client;

namespace Greentic.ControlPlane.Tests.Auth;

/// <summary>
/// A TLS channel that presents exactly the given client certificate (and chain), whatever the server's acceptable-CA
/// list or the certificate's own usage says, so the server — not the client's certificate selection — decides.
/// </summary>
internal static class ClientCertificateChannel
{
    public static GrpcChannel Create(string address, string trustedCaFile, X509Certificate2 certificate, params X509Certificate2[] chain)
    {
        var roots = new X509Certificate2Collection();
        roots.ImportFromPemFile(trustedCaFile);
        var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                ClientCertificateContext = SslStreamCertificateContext.Create(certificate, new X509Certificate2Collection(chain), offline: true),
                RemoteCertificateValidationCallback = (_, server, _, _) =>
                {
                    using var validation = new X509Chain();
                    validation.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                    validation.ChainPolicy.CustomTrustStore.AddRange(roots);
                    validation.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                    return server is X509Certificate2 s && validation.Build(s);
                },
            },
        };
        return GrpcChannel.ForAddress(address, new GrpcChannelOptions { HttpHandler = handler, DisposeHttpClient = true });
    }
}
