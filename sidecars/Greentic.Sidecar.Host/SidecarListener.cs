using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Greentic.Sidecar.Host;

/// <summary>Binds Kestrel to the sidecar's address: a Unix socket or a loopback TCP port, HTTP/2 only (h2c).</summary>
internal static class SidecarListener
{
    public static void Configure(KestrelServerOptions kestrel, string listen)
    {
        if (listen.StartsWith("unix://", StringComparison.Ordinal))
        {
            var path = listen["unix://".Length..];
            Greentic.Providers.Channels.UnixSocketFile.RemoveIfStale(path); // a stale socket from a killed sidecar goes; a live one is an error
            kestrel.ListenUnixSocket(path, o => o.Protocols = HttpProtocols.Http2);
            return;
        }
        var hostPort = listen.Replace("http://", "", StringComparison.Ordinal);
        var colon = hostPort.LastIndexOf(':');
        if (colon < 0 || !int.TryParse(hostPort[(colon + 1)..], out var port))
            throw new ArgumentException($"--listen '{listen}' is neither unix:///path nor HOST:PORT");
        var host = hostPort[..colon].Trim('[', ']');
        var address = host == "localhost" ? IPAddress.Loopback : IPAddress.Parse(host);
        if (!IPAddress.IsLoopback(address))
            throw new ArgumentException($"--listen '{listen}': a sidecar listens on loopback or a Unix socket only");
        kestrel.Listen(address, port, o => o.Protocols = HttpProtocols.Http2);
    }
}
