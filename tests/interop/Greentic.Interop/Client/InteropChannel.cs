using System.Security.Cryptography.X509Certificates;
using Greentic.Rpc;

namespace Greentic.Interop.Client;

/// <summary>
/// Makes the interop client's channel from grpc's flags. The channel dials <c>--server_host</c>; with
/// <c>--server_host_override</c> that name becomes <c>:authority</c>, SNI and the name the certificate must carry;
/// with <c>--use_test_ca</c> the server certificate must chain to the interop test CA instead of the system roots.
/// </summary>
internal static class InteropChannel
{
    public static RpcChannel Create(Flags flags, MessageFlagRecorder? recorder)
    {
        var useTls = flags.Bool("use_tls");
        var address = $"{(useTls ? "https" : "http")}://{flags["server_host"]}:{flags.Int("server_port")}";
        var options = new RpcChannelOptions();
        if (flags["server_host_override"] is { Length: > 0 } authority) options.Authority = authority;
        if (useTls && flags.Bool("use_test_ca")) options.TrustedCaCertificates = [TestCertificates.CaCertificate()];
        if (recorder is not null)
        {
            // The recorder's handler replaces the channel's own, and with it the TLS options above,
            // so it gets the same settings directly.
            options.HttpHandler = recorder;
            options.DisposeHttpHandler = true;
        }
        return RpcChannel.ForAddress(address, options);
    }
}
