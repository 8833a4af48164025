namespace Greentic.ComponentHost;

/// <summary>Limits of <see cref="HttpClientEgress"/>.</summary>
public sealed record HttpEgressOptions
{
    /// <summary>Per request, unless the guest asks for less (the call's deadline bounds it anyway).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);
    /// <summary>Largest response body read; more is refused as <c>too-large</c>.</summary>
    public int MaxResponseBytes { get; init; } = 4 * 1024 * 1024;
    /// <summary>Largest request body a guest may send.</summary>
    public int MaxRequestBytes { get; init; } = 4 * 1024 * 1024;
    /// <summary>Redirects followed when the guest does not say (each hop is checked by the policy again).</summary>
    public bool FollowRedirects { get; init; } = true;
    public int MaxRedirects { get; init; } = 5;
}
