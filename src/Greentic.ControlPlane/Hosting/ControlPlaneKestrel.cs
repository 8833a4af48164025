using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace Greentic.ControlPlane.Hosting;

/// <summary>
/// Binds Kestrel to the control plane's addresses. Cleartext gRPC must be HTTP/2-only (h2c with prior
/// knowledge: a cleartext endpoint that also allows HTTP/1.1 speaks only HTTP/1.1). The TLS endpoint asks for
/// a client certificate but does not validate it here: <c>ClientCertificateAuthenticator</c> checks it against
/// the pinned CA per call, so one endpoint serves both JWT callers and certificate callers.
/// </summary>
internal static class ControlPlaneKestrel
{
    public static void Configure(KestrelServerOptions kestrel, ControlPlaneOptions o)
    {
        if (!string.IsNullOrEmpty(o.GrpcAddress)) Listen(kestrel, o.GrpcAddress, HttpProtocols.Http2);
        // Cleartext HTTP/2 needs prior knowledge, which browsers and curl do not use: plain HTTP/1.1 here.
        if (!string.IsNullOrEmpty(o.HttpAddress))
            Listen(kestrel, o.HttpAddress, o.HttpAddress.StartsWith("https", StringComparison.Ordinal) ? HttpProtocols.Http1AndHttp2 : HttpProtocols.Http1);
        if (!string.IsNullOrEmpty(o.TlsAddress))
        {
            if (o.ServerCertificateFile is null || o.ServerKeyFile is null)
                throw new InvalidOperationException($"{ControlPlaneOptions.SectionName}:TlsAddress needs ServerCertificateFile and ServerKeyFile");
            var certificate = X509Certificate2.CreateFromPemFile(o.ServerCertificateFile, o.ServerKeyFile);
            Listen(kestrel, o.TlsAddress, HttpProtocols.Http1AndHttp2, listen => listen.UseHttps(https =>
            {
                https.ServerCertificate = certificate;
                https.ClientCertificateMode = ClientCertificateMode.AllowCertificate;
                https.AllowAnyClientCertificate();
            }));
        }
    }

    private static void Listen(KestrelServerOptions kestrel, string address, HttpProtocols protocols, Action<ListenOptions>? more = null)
    {
        void Apply(ListenOptions l) { l.Protocols = protocols; more?.Invoke(l); }
        if (address.StartsWith("unix://", StringComparison.Ordinal))
        {
            var path = address["unix://".Length..];
            Greentic.Providers.Channels.UnixSocketFile.RemoveIfStale(path);
            kestrel.ListenUnixSocket(path, Apply);
            return;
        }
        var uri = new Uri(address);
        var host = uri.Host.Trim('[', ']');
        var ip = host is "localhost" ? IPAddress.Loopback : host is "*" or "0.0.0.0" ? IPAddress.Any : IPAddress.Parse(host);
        kestrel.Listen(ip, uri.Port, Apply);
    }
}
