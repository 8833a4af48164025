using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Greentic.Gateway.Hosting;

/// <summary>Opens the configured listeners (<c>Greentic:Gateway:Listen</c>); https ones terminate TLS with a PEM certificate.</summary>
internal static class GatewayKestrel
{
    public static void Configure(KestrelServerOptions kestrel, GatewayOptions options)
    {
        // Bodies are limited per request: webhooks by Webhooks:MaxBodyBytes, proxied calls by Proxy:MaxRequestBodyBytes.
        kestrel.Limits.MaxRequestBodySize = null;
        kestrel.AddServerHeader = false;
        foreach (var listen in options.Listen.Count > 0 ? options.Listen : ListenOptions.Defaults)
        {
            if (!Uri.TryCreate(listen.Url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
                throw new InvalidOperationException($"Greentic:Gateway:Listen url '{listen.Url}' is not http://HOST:PORT or https://HOST:PORT");
            if (!Enum.TryParse<HttpProtocols>(listen.Protocols, ignoreCase: true, out var protocols))
                throw new InvalidOperationException($"Greentic:Gateway:Listen protocols '{listen.Protocols}' is not Http1, Http2 or Http1AndHttp2");
            X509Certificate2? certificate = null;
            if (uri.Scheme == Uri.UriSchemeHttps)
            {
                if (string.IsNullOrWhiteSpace(listen.CertificateFile))
                    throw new InvalidOperationException($"Greentic:Gateway:Listen {listen.Url} is https: set CertificateFile (and CertificateKeyFile) to PEM files");
                certificate = X509Certificate2.CreateFromPemFile(listen.CertificateFile, listen.CertificateKeyFile);
            }
            var port = uri.IsDefaultPort && uri.Port < 0 ? (certificate is null ? 80 : 443) : uri.Port;
            kestrel.Listen(Address(uri.Host), port, endpoint =>
            {
                endpoint.Protocols = protocols;
                if (certificate is not null) endpoint.UseHttps(certificate);
            });
        }
    }

    private static IPAddress Address(string host) => host switch
    {
        "0.0.0.0" or "*" or "+" => IPAddress.Any,
        "[::]" or "::" => IPAddress.IPv6Any,
        "localhost" => IPAddress.Loopback,
        _ => IPAddress.TryParse(host.Trim('[', ']'), out var address)
            ? address
            : throw new InvalidOperationException($"Greentic:Gateway:Listen host '{host}' must be an IP address, localhost or 0.0.0.0"),
    };
}
