using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Grpc.Net.Client;

/// <summary>A Grpc.Net.Client channel to the control plane over h2c, TLS (trusting only the run's CA) or a Unix socket.</summary>
internal static class PeerChannel
{
    public static GrpcChannel Create(PeerConfig config, string transport)
    {
        var handler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true };
        var options = new GrpcChannelOptions { HttpHandler = handler, MaxReceiveMessageSize = null, MaxSendMessageSize = null };
        switch (transport)
        {
            case "h2c":
                return GrpcChannel.ForAddress($"http://{config.Targets.H2c}", options);
            case "tls":
                var ca = X509Certificate2.CreateFromPem(File.ReadAllText(config.CaFile));
                handler.SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = (_, certificate, _, _) => TrustedBy(ca, certificate) };
                return GrpcChannel.ForAddress($"https://{config.Targets.Tls}", options);
            case "uds":
                var endpoint = new UnixDomainSocketEndPoint(config.Targets.Uds);
                handler.ConnectCallback = async (_, cancellationToken) =>
                {
                    var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                    try
                    {
                        await socket.ConnectAsync(endpoint, cancellationToken);
                        return new NetworkStream(socket, ownsSocket: true);
                    }
                    catch
                    {
                        socket.Dispose();
                        throw;
                    }
                };
                return GrpcChannel.ForAddress("http://localhost", options);
            default:
                throw new ArgumentException($"unknown transport '{transport}'");
        }
    }

    private static bool TrustedBy(X509Certificate2 ca, X509Certificate? presented)
    {
        if (presented is null) return false;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var certificate = new X509Certificate2(presented);
        return chain.Build(certificate) && certificate.MatchesHostname("127.0.0.1");
    }
}
