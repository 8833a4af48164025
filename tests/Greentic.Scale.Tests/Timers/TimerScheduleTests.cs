using Greentic.ControlPlane.Stores;
using Greentic.ControlPlane.Timers;
using Greentic.TestSupport;

namespace Greentic.Scale.Tests.Timers;

public sealed class TimerScheduleTests
{
    [Theory]
    [InlineData("*/10 * * * * *", null)]
    [InlineData("0 */5 * * *", null)]
    [InlineData("61 * * * * *", "Cron '61 * * * * *'")]
    [InlineData("every minute", "Cron 'every minute'")]
    public void Cron_with_seconds_is_parsed_and_bad_expressions_name_the_setting(string cron, string? error)
    {
        var o = new TimerScheduleOptions { Name = "s", Tenant = "acme", Cron = cron, ProviderType = "echo", Op = "echo" };
        var parsed = TimerSchedule.TryParse(o, "dev", 3, out var message);
        if (error is null)
        {
            Assert.NotNull(parsed);
            Assert.Equal("dev/acme/s", parsed.Id);
        }
        else
        {
            Assert.Null(parsed);
            Assert.StartsWith("Greentic:Timers:Schedules:3:" + error, message);
        }
    }

    [Fact]
    public void Ticks_and_keys_follow_the_contract()
    {
        var s = TimerSchedule.TryParse(new TimerScheduleOptions { Name = "s", Tenant = "acme", Cron = "*/20 * * * * *", EventTopic = "timers.s" }, "prod", 0, out _)!;
        var from = new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var ticks = s.Ticks(from, from.AddMinutes(1)).ToList();
        Assert.Equal([from.AddSeconds(20), from.AddSeconds(40), from.AddSeconds(60)], ticks);
        Assert.Equal("prod/acme/s@2030-01-01T00:00:20Z", s.KeyOf(ticks[0]));
        Assert.True(s.FiresEvent);
        Assert.Null(TimerSchedule.TryParse(new TimerScheduleOptions { Name = "s", Tenant = "acme", Cron = "* * * * * *" }, "prod", 0, out var neither));
        Assert.Contains("either ProviderType and Op", neither);
    }

    [Fact]
    public async Task The_embedded_SQLite_store_runs_the_same_claims_for_one_replica()
    {
        using var dir = new TempDirectory();
        var options = new StateStoreOptions { SqlitePath = dir.File("state.db") };
        var timers = new TimerOptions { Schedules = [new() { Name = "hb", Tenant = "acme", Cron = "* * * * * *", ProviderType = "echo", Op = "echo" }] };
        await using var cluster = new TimerReplicas(() => new SqliteStateStore(options), options, timers, 2);
        for (var i = 0; i < 10; i++)
        {
            cluster.Clock.Advance(TimeSpan.FromSeconds(1));
            await cluster.PassAsync();
        }
        Assert.Equal(10, cluster.Fired.Count);
        Assert.All(cluster.Fired, f => Assert.Single(f.Value));
    }
}
