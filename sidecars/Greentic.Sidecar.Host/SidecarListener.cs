using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace Greentic.Sidecar.Host;

/// <summary>
/// Binds Kestrel to the sidecar's address. A sidecar is a Unix socket or a loopback TCP port, HTTP/2 only (h2c).
/// The remote gateway form (<c>https://HOST:PORT</c>) is TLS on any address, and requires every caller to present a
/// client certificate chaining to the pinned <c>--client-ca</c> (<see cref="ClientCertificateTrust"/>).
/// </summary>
internal static class SidecarListener
{
    public static void Configure(KestrelServerOptions kestrel, SidecarOptions options)
    {
        var listen = options.Listen;
        if (listen.StartsWith("unix://", StringComparison.Ordinal))
        {
            var path = listen["unix://".Length..];
            Greentic.Providers.Channels.UnixSocketFile.RemoveIfStale(path); // a stale socket from a killed sidecar goes; a live one is an error
            kestrel.ListenUnixSocket(path, o => o.Protocols = HttpProtocols.Http2);
            return;
        }
        if (options.ListensOnTls)
        {
            var (address, port) = HostPort(listen, "https://");
            var certificate = X509Certificate2.CreateFromPemFile(options.TlsCert!, options.TlsKey!);
            var trust = ClientCertificateTrust.FromFile(options.ClientCa!);
            kestrel.Listen(address, port, o =>
            {
                o.Protocols = HttpProtocols.Http2;
                o.UseHttps(https =>
                {
                    https.ServerCertificate = certificate;
                    https.ClientCertificateMode = ClientCertificateMode.RequireCertificate;
                    https.ClientCertificateValidation = (client, _, _) => trust.Validates(client);
                });
            });
            return;
        }
        var (ip, tcpPort) = HostPort(listen, "http://");
        if (!IPAddress.IsLoopback(ip))
            throw new ArgumentException($"--listen '{listen}': a sidecar listens on loopback or a Unix socket only (use https:// for a remote gateway)");
        kestrel.Listen(ip, tcpPort, o => o.Protocols = HttpProtocols.Http2);
    }

    private static (IPAddress Address, int Port) HostPort(string listen, string scheme)
    {
        var hostPort = listen.StartsWith(scheme, StringComparison.Ordinal) ? listen[scheme.Length..].TrimEnd('/') : listen;
        var colon = hostPort.LastIndexOf(':');
        if (colon < 0 || !int.TryParse(hostPort[(colon + 1)..], out var port))
            throw new ArgumentException($"--listen '{listen}' is neither unix:///path, HOST:PORT nor https://HOST:PORT");
        var host = hostPort[..colon].Trim('[', ']');
        var address = host == "localhost" ? IPAddress.Loopback
            : IPAddress.TryParse(host, out var parsed) ? parsed
            : throw new ArgumentException($"--listen '{listen}': '{host}' is not an IP address or localhost");
        return (address, port);
    }
}
