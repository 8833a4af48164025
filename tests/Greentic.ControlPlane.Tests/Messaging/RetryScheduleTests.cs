using Greentic.ControlPlane.Messaging;

namespace Greentic.ControlPlane.Tests.Messaging;

/// <summary>Upstream's policy as numbers: 500 ms doubling, capped at 30 s, jitter at most 250 ms, an explicit backoff wins.</summary>
public sealed class RetryScheduleTests
{
    private static readonly MessagingOptions Defaults = new();

    [Theory]
    [InlineData(1, 500)]
    [InlineData(2, 1000)]
    [InlineData(4, 4000)]
    [InlineData(7, 30000)]
    [InlineData(40, 30000)]
    public void Doubling_from_500ms_capped_at_30s_with_at_most_250ms_of_jitter(int failedAttempt, double baseMs)
    {
        var random = new Random(7);
        for (var i = 0; i < 200; i++)
        {
            var delay = RetrySchedule.Delay(Defaults, failedAttempt, null, random).TotalMilliseconds;
            Assert.InRange(delay, baseMs, baseMs + 250);
        }
    }

    [Fact]
    public void An_explicit_backoff_is_used_as_given()
    {
        Assert.Equal(TimeSpan.FromMilliseconds(1234), RetrySchedule.Delay(Defaults, 3, 1234, new Random(1)));
        Assert.Equal(TimeSpan.FromMilliseconds(45_000), RetrySchedule.Delay(Defaults, 1, 45_000, new Random(1)));
    }
}
