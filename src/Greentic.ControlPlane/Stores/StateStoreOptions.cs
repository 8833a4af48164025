using Microsoft.Extensions.Options;

namespace Greentic.ControlPlane.Stores;

public enum StateBackend
{
    /// <summary>An embedded SQLite file: the default, for one replica.</summary>
    Sqlite,
    /// <summary>PostgreSQL: when replicas share state.</summary>
    Postgres,
}

/// <summary>Bound from <c>Greentic:Stores</c>; <c>STATE_BACKEND</c> (sqlite | postgres) wins when set.</summary>
public sealed class StateStoreOptions
{
    public const string SectionName = "Greentic:Stores";

    public StateBackend Backend { get; set; } = StateBackend.Sqlite;

    /// <summary>The SQLite database file (created with its directory).</summary>
    public string SqlitePath { get; set; } = Path.Combine(".greentic", "state.db");

    /// <summary>How long a SQLite writer waits for another's lock before failing.</summary>
    public TimeSpan SqliteBusyTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>An Npgsql connection string (<c>Host=…;Database=…;Username=…</c>).</summary>
    public string? PostgresConnectionString { get; set; }

    /// <summary>The PostgreSQL schema holding the tables (created if missing).</summary>
    public string PostgresSchema { get; set; } = "public";

    /// <summary>The largest value a write accepts.</summary>
    public int MaxValueBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>The largest <c>limit</c> a listing honours.</summary>
    public int MaxListLimit { get; set; } = 1000;

    internal string? BackendParseError { get; set; }
}

internal sealed class StateStoreOptionsValidator : IValidateOptions<StateStoreOptions>
{
    public ValidateOptionsResult Validate(string? name, StateStoreOptions o)
    {
        var errors = new List<string>();
        if (o.BackendParseError is not null) errors.Add(o.BackendParseError);
        if (o.Backend == StateBackend.Sqlite && string.IsNullOrWhiteSpace(o.SqlitePath))
            errors.Add($"{StateStoreOptions.SectionName}:SqlitePath is required for the sqlite backend");
        if (o.Backend == StateBackend.Postgres && string.IsNullOrWhiteSpace(o.PostgresConnectionString))
            errors.Add($"{StateStoreOptions.SectionName}:PostgresConnectionString is required for the postgres backend");
        if (string.IsNullOrEmpty(o.PostgresSchema) || !o.PostgresSchema.All(c => char.IsAsciiLetterOrDigit(c) || c == '_') || char.IsAsciiDigit(o.PostgresSchema[0]))
            errors.Add($"{StateStoreOptions.SectionName}:PostgresSchema must be a plain identifier (letters, digits, '_')");
        if (o.MaxValueBytes is < 1 or > 256 * 1024 * 1024)
            errors.Add($"{StateStoreOptions.SectionName}:MaxValueBytes must be between 1 and 268435456");
        if (o.MaxListLimit < 1)
            errors.Add($"{StateStoreOptions.SectionName}:MaxListLimit must be positive");
        if (o.SqliteBusyTimeout < TimeSpan.Zero)
            errors.Add($"{StateStoreOptions.SectionName}:SqliteBusyTimeout must not be negative");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
