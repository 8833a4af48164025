using System.Net;
using System.Net.Sockets;

namespace Greentic.TestSupport;

/// <summary>
/// A loopback TCP port nobody listens on right now, for a server a test starts a moment later. Taken below the kernel's
/// ephemeral range when there is room, so the outgoing connections of tests running beside it (which get ephemeral
/// ports) cannot take it in between; each call moves on to the next port, so two tests are not handed the same one.
/// </summary>
public static class FreePort
{
    private const int Lowest = 10000;
    private static readonly int Highest = EphemeralLow() - 1;
    private static int _next = Random.Shared.Next(0, 1 << 20);

    public static int Next()
    {
        if (Highest - Lowest < 1000) return OsPicked();
        var span = Highest - Lowest + 1;
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var port = Lowest + (int)((uint)Interlocked.Increment(ref _next) % (uint)span);
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException)
            {
                // Taken: try the next one.
            }
        }
        return OsPicked();
    }

    private static int OsPicked()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The low end of <c>net.ipv4.ip_local_port_range</c> (Linux), else IANA's 49152.</summary>
    private static int EphemeralLow()
    {
        try
        {
            var text = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            return int.Parse(text[0], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return 49152;
        }
    }
}
