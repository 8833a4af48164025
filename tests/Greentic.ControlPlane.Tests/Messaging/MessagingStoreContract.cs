using Greentic.ControlPlane.Messaging;
using Greentic.ControlPlane.Tenancy;
using Greentic.Messaging.V1;
using Greentic.TestSupport;
using Greentic.Types.V1;

namespace Greentic.ControlPlane.Tests.Messaging;

/// <summary>What every <see cref="IMessagingStore"/> must do; run on SQLite and a real PostgreSQL.</summary>
public abstract class MessagingStoreContract
{
    protected abstract IMessagingStore Create(TimeProvider time);

    private static TenantContext Tenant() => new("dev", "t" + Guid.NewGuid().ToString("N")[..10]);

    private static DeadLetter Letter(string provider, string job) => new()
    {
        JobId = job, Provider = provider, Tenant = "x", Attempt = 5, MaxAttempts = 5,
        NodeError = new NodeError { Code = "unavailable", Message = "503", Retryable = true }, MessageSummary = "telegram → 1: \"hi\"",
    };

    [Fact]
    public async Task Dead_letters_list_newest_first_by_provider_and_page_update_and_delete_per_tenant()
    {
        var time = new ManualTimeProvider();
        var store = Create(time);
        var t = Tenant();
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add((await store.AddDeadLetterAsync(t, Letter(i % 2 == 0 ? "messaging.a" : "messaging.b", $"job-{i}"), default)).Id);
            time.Advance(TimeSpan.FromSeconds(1));
        }
        var (all, next) = await store.ListDeadLettersAsync(t, null, 10, null, default);
        Assert.Equal(ids.AsEnumerable().Reverse(), all.Select(l => l.Id));
        Assert.Equal("", next);
        var (onlyA, _) = await store.ListDeadLettersAsync(t, "messaging.a", 10, null, default);
        Assert.Equal(["job-4", "job-2", "job-0"], onlyA.Select(l => l.JobId));
        var (page1, token) = await store.ListDeadLettersAsync(t, null, 2, null, default);
        var (page2, _) = await store.ListDeadLettersAsync(t, null, 2, token, default);
        Assert.Equal(["job-4", "job-3", "job-2", "job-1"], page1.Concat(page2).Select(l => l.JobId));
        Assert.Empty((await store.ListDeadLettersAsync(Tenant(), null, 10, null, default)).Letters);
        Assert.Null(await store.GetDeadLetterAsync(Tenant(), ids[0], default));

        var letter = (await store.GetDeadLetterAsync(t, ids[0], default))!;
        letter.Attempt = 2;
        await store.UpdateDeadLetterAsync(t, letter, default);
        Assert.Equal(2u, (await store.GetDeadLetterAsync(t, ids[0], default))!.Attempt);
        Assert.Equal(0, await store.DeleteDeadLettersAsync(Tenant(), ids, default));
        Assert.Equal(2, await store.DeleteDeadLettersAsync(t, [ids[0], ids[1], "nope"], default));
        Assert.Equal(3, (await store.ListDeadLettersAsync(t, null, 10, null, default)).Letters.Count);
    }

    [Fact]
    public async Task Jobs_are_claimed_once_remember_their_outcome_and_a_lapsed_lease_or_release_frees_them()
    {
        var time = new ManualTimeProvider();
        var store = Create(time);
        var t = Tenant();
        Assert.Equal((true, (SendResponse?)null), await store.ClaimJobAsync(t, "j1", TimeSpan.FromMinutes(1), default));
        Assert.Equal((false, (SendResponse?)null), await store.ClaimJobAsync(t, "j1", TimeSpan.FromMinutes(1), default));
        Assert.True((await store.ClaimJobAsync(Tenant(), "j1", TimeSpan.FromMinutes(1), default)).Claimed);
        var outcome = new SendResponse { Ok = true, JobId = "j1", Attempts = 1 };
        await store.CompleteJobAsync(t, "j1", outcome, TimeSpan.FromHours(1), default);
        Assert.Equal((false, outcome), await store.ClaimJobAsync(t, "j1", TimeSpan.FromMinutes(1), default));

        Assert.True((await store.ClaimJobAsync(t, "j2", TimeSpan.FromMinutes(1), default)).Claimed);
        time.Advance(TimeSpan.FromMinutes(2));
        Assert.True((await store.ClaimJobAsync(t, "j2", TimeSpan.FromMinutes(1), default)).Claimed);
        await store.ReleaseJobAsync(t, "j2", default);
        Assert.True((await store.ClaimJobAsync(t, "j2", TimeSpan.FromMinutes(1), default)).Claimed);
        time.Advance(TimeSpan.FromHours(2));
        Assert.True((await store.ClaimJobAsync(t, "j1", TimeSpan.FromMinutes(1), default)).Claimed);
    }
}

public sealed class SqliteMessagingStoreTests : MessagingStoreContract, IDisposable
{
    private readonly TempDirectory _dir = new();
    protected override IMessagingStore Create(TimeProvider time) => new SqliteMessagingStore(Path.Combine(_dir.Path, "messaging.db"), time);
    public void Dispose() => _dir.Dispose();
}

public sealed class PostgresMessagingStoreTests(PostgresServerFixture pg) : MessagingStoreContract, IClassFixture<PostgresServerFixture>
{
    protected override IMessagingStore Create(TimeProvider time) => new PostgresMessagingStore(pg.ConnectionString, "messaging_test", time);
}
