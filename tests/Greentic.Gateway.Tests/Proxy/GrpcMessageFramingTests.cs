using Greentic.Gateway.Proxy;

namespace Greentic.Gateway.Tests.Proxy;

public sealed class GrpcMessageFramingTests
{
    // Three messages: 3 bytes, empty, 300 bytes (a length above 255 exercises every prefix byte).
    private static readonly byte[] Body =
    [
        0, 0, 0, 0, 3, 7, 7, 7,
        0, 0, 0, 0, 0,
        1, 0, 0, 1, 44, .. Enumerable.Repeat((byte)9, 300),
    ];

    private static readonly int[] Boundaries = [0, 8, 13, Body.Length];

    [Fact]
    public void Whole_messages_are_boundaries_however_the_bytes_are_split()
    {
        for (var chunk = 1; chunk <= Body.Length; chunk++)
        {
            var framing = new GrpcMessageFraming();
            var at = 0;
            while (at < Body.Length)
            {
                var n = Math.Min(chunk, Body.Length - at);
                framing.Advance(Body.AsSpan(at, n));
                at += n;
                Assert.True(framing.AtMessageBoundary == Boundaries.Contains(at), $"chunk {chunk}, after {at} bytes");
            }
            Assert.Equal(3, framing.Messages);
        }
    }

    [Fact]
    public void Half_a_prefix_or_half_a_payload_is_not_a_boundary()
    {
        var framing = new GrpcMessageFraming();
        Assert.True(framing.AtMessageBoundary);
        framing.Advance(Body.AsSpan(0, 2));
        Assert.False(framing.AtMessageBoundary);
        framing.Advance(Body.AsSpan(2, 4));
        Assert.False(framing.AtMessageBoundary);
        Assert.Equal(0, framing.Messages);
    }
}
