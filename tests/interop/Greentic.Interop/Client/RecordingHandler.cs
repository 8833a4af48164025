using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace Greentic.Interop.Client;

/// <summary>
/// The HTTP handler under a <see cref="MessageFlagRecorder"/>. The channel's own handler cannot be wrapped, so
/// this one does what the channel options would: it dials <c>--server_host</c> while the request URI names
/// <c>--server_host_override</c> (SNI, :authority and the certificate name), and trusts the test CA when asked.
/// </summary>
internal static class RecordingHandler
{
    public static MessageFlagRecorder Create(Flags flags)
    {
        var serverHost = flags["server_host"];
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, ct) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(serverHost, context.DnsEndPoint.Port, ct);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        if (flags.Bool("use_tls") && flags.Bool("use_test_ca"))
        {
            var ca = TestCertificates.CaCertificate();
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
            {
                // Only an untrusted root is forgiven (and then checked against the test CA); name errors are not.
                if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
                    return false;
                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.Add(ca);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return chain.Build(X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()));
            };
        }
        return new MessageFlagRecorder(handler, flags["server_host_override"] is { Length: > 0 } o ? o : null);
    }
}
