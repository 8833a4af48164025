namespace Greentic.ControlPlane.OAuth;

internal static class OAuthHttp
{
    /// <summary>The named HttpClient the broker uses for discovery and token requests (timeout from <see cref="OAuthOptions.HttpTimeout"/>).</summary>
    public const string ClientName = "Greentic.OAuth";
}
