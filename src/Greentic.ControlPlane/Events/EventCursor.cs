using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Grpc.Core;

namespace Greentic.ControlPlane.Events;

/// <summary>
/// The opaque cursor clients see: <c>{sequence}.{stream tag}</c>, where the tag is the first 8 bytes of
/// SHA-256 of the stream key in hex — so a cursor copied from another tenant's log is recognised and refused
/// instead of silently meaning a position in this one.
/// </summary>
internal static class EventCursor
{
    public static string Format(EventStreamId stream, long sequence) =>
        sequence.ToString(CultureInfo.InvariantCulture) + "." + Tag(stream);

    /// <summary>The sequence a cursor names; INVALID_ARGUMENT naming the problem otherwise.</summary>
    public static long Parse(EventStreamId stream, string cursor, string field)
    {
        var dot = cursor.IndexOf('.');
        if (dot <= 0 || cursor.Length > 64
            || !long.TryParse(cursor.AsSpan(0, dot), NumberStyles.None, CultureInfo.InvariantCulture, out var sequence))
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument,
                $"{field} '{Tenancy.TenantContext.Sanitize(cursor)}' is not an event cursor: pass a cursor from SubscribeResponse.cursor or PublishResult.cursor"));
        }
        if (!cursor.AsSpan(dot + 1).SequenceEqual(Tag(stream)))
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument,
                $"{field} '{Tenancy.TenantContext.Sanitize(cursor)}' is from another tenant's event log, not from tenant '{stream.Tenant}' in env '{stream.Env}'"));
        }
        return sequence;
    }

    private static string Tag(EventStreamId stream) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(stream.Key)).AsSpan(0, 8));
}
