using System.Buffers.Binary;
using Google.Protobuf;
using Grpc.Health.V1;

namespace Greentic.Gateway.Proxy.Health;

/// <summary>
/// The wire format of one <c>grpc.health.v1.Health/Check</c> call, and the mark that tells
/// <see cref="GrpcHealthProbeHandler"/> a request is a probe.
/// </summary>
internal static class GrpcHealthProbe
{
    public const string Path = "/grpc.health.v1.Health/Check";

    /// <summary>Cluster metadata: the service name to ask about (default "": the server as a whole).</summary>
    public const string ServiceMetadataKey = "GrpcHealth.Service";

    /// <summary>Cluster metadata: consecutive failed probes before a destination is marked unhealthy (default 1).</summary>
    public const string UnhealthyThresholdMetadataKey = "GrpcHealth.UnhealthyThreshold";

    public static readonly HttpRequestOptionsKey<bool> Marker = new("Greentic.GrpcHealthProbe");

    /// <summary>A length-prefixed, uncompressed gRPC message: flag byte 0, 4-byte big-endian length, protobuf bytes.</summary>
    public static byte[] Frame(HealthCheckRequest request)
    {
        var size = request.CalculateSize();
        var frame = new byte[5 + size];
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1, 4), (uint)size);
        request.WriteTo(frame.AsSpan(5));
        return frame;
    }

    /// <summary>Reads the single response message; null with a reason when the body is not one gRPC message.</summary>
    public static HealthCheckResponse? Parse(ReadOnlySpan<byte> body, out string? error)
    {
        error = null;
        if (body.Length < 5)
        {
            error = body.Length == 0 ? "the response has no message" : "the response message is truncated";
            return null;
        }
        if (body[0] != 0)
        {
            error = "the response message is compressed; the probe asks for none";
            return null;
        }
        var length = BinaryPrimitives.ReadUInt32BigEndian(body.Slice(1, 4));
        if (length != body.Length - 5)
        {
            error = $"the response message claims {length} bytes but {body.Length - 5} arrived";
            return null;
        }
        try
        {
            return HealthCheckResponse.Parser.ParseFrom(body[5..]);
        }
        catch (InvalidProtocolBufferException ex)
        {
            error = $"the response is not a HealthCheckResponse: {ex.Message}";
            return null;
        }
    }
}
