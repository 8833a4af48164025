namespace Greentic.Gateway.Dedupe;

/// <summary><c>Greentic:Gateway:Dedupe</c>: the store that all gateway replicas share.</summary>
public sealed class DedupeOptions
{
    /// <summary><c>sqlite</c> (default; replicas on one host share the file) or <c>postgres</c> (replicas anywhere).</summary>
    public string Backend { get; set; } = "sqlite";

    public string SqlitePath { get; set; } = "data/gateway-dedupe.db";

    /// <summary>Npgsql connection string for the postgres backend.</summary>
    public string? PostgresConnectionString { get; set; }

    /// <summary>How long a processed delivery is remembered (platform retries come within minutes to hours).</summary>
    public TimeSpan Ttl { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How long an unfinished claim blocks others, so a replica dying mid-delivery does not lose the retry.</summary>
    public TimeSpan InFlightLease { get; set; } = TimeSpan.FromMinutes(2);

    public TimeSpan PurgeInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Responses larger than this are not kept for replay (the repeat then gets the adapter's plain acknowledgement).</summary>
    public int MaxStoredResponseBytes { get; set; } = 64 * 1024;
}
