using Greentic.ControlPlane.Events;

namespace Greentic.ControlPlane.Tests.Events;

/// <summary>The event log contract on SQLite, in a temporary file.</summary>
public sealed class SqliteEventLogTests : EventLogContract, IDisposable
{
    private readonly TempDirectory _dir = new();
    protected override IEventLog Create(TimeProvider time) => new SqliteEventLog(Path.Combine(_dir.Path, "events.db"), time);
    public void Dispose() => _dir.Dispose();
}

/// <summary>The event log contract on a real PostgreSQL.</summary>
public sealed class PostgresEventLogTests(PostgresServerFixture pg) : EventLogContract, IClassFixture<PostgresServerFixture>
{
    protected override IEventLog Create(TimeProvider time) => new PostgresEventLog(pg.ConnectionString, "events_test", time);
}
