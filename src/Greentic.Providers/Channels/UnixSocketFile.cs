using System.Net.Sockets;

namespace Greentic.Providers.Channels;

/// <summary>
/// The socket file a server is about to listen on. One left behind by a killed process is removed; one a live process
/// still serves is an error — deleting it would silently take that process off the air, so a second
/// <c>greentic up</c> or sidecar on the same path must fail, not steal it.
/// </summary>
public static class UnixSocketFile
{
    /// <exception cref="IOException">A process is listening on <paramref name="path"/>.</exception>
    public static void RemoveIfStale(string path)
    {
        if (!File.Exists(path)) return;
        using (var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
        {
            try
            {
                probe.Connect(new UnixDomainSocketEndPoint(path));
            }
            catch (SocketException)
            {
                File.Delete(path); // nobody listens: stale
                return;
            }
        }
        throw new IOException($"unix://{path} is in use: another process is listening on it");
    }
}
