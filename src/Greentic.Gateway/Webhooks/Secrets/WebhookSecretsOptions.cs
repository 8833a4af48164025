namespace Greentic.Gateway.Webhooks.Secrets;

/// <summary><c>Greentic:Gateway:Secrets</c>: where webhook secrets come from.</summary>
public sealed class WebhookSecretsOptions
{
    /// <summary><c>controlplane</c> (default: SecretsService with the gateway's credentials) or <c>config</c> (<see cref="Static"/>, for local development).</summary>
    public string Source { get; set; } = "controlplane";

    /// <summary>Prepended to every name asked of the control plane (e.g. <c>webhooks/</c>); default none.</summary>
    public string KeyPrefix { get; set; } = "";

    /// <summary>How long a fetched secret is reused before asking again.</summary>
    public TimeSpan CacheTtl { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long "no such secret" is remembered (short, so a newly set secret works soon).</summary>
    public TimeSpan NegativeCacheTtl { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Source = config: <c>Static:{tenant}:{NAME}</c> → value.</summary>
    public Dictionary<string, Dictionary<string, string>> Static { get; set; } = new(StringComparer.Ordinal);
}
