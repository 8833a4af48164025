using System.Text;

namespace Greentic.ControlPlane.Auth;

/// <summary>
/// Percent-encodes a <c>grpc-message</c> exactly as the gRPC HTTP/2 spec says: bytes outside 0x20–0x7E and '%'
/// only (<see cref="Uri.EscapeDataString(string)"/> escapes more, and grpc-js would show those escapes literally).
/// </summary>
internal static class GrpcMessage
{
    public static string Encode(string message)
    {
        var bytes = Encoding.UTF8.GetBytes(message);
        var builder = new StringBuilder(bytes.Length);
        foreach (var b in bytes)
        {
            if (b is >= 0x20 and <= 0x7E and not (byte)'%') builder.Append((char)b);
            else builder.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
        }
        return builder.ToString();
    }
}
