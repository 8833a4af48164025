using Duende.IdentityModel.Client;
using Greentic.ControlPlane.Secrets;

namespace Greentic.ControlPlane.OAuth;

/// <summary>
/// The broker's two token-endpoint requests on Duende.IdentityModel: the authorization-code exchange (with the PKCE
/// verifier) and the refresh. Every token the provider answers with is registered with the <see cref="SecretRedactor"/>
/// before anything else can see it. Errors are returned, not thrown (<see cref="TokenEndpointErrors"/> maps them).
/// </summary>
internal sealed class OAuthTokenClient(IHttpClientFactory http, SecretRedactor redactor)
{
    public async Task<TokenResponse> ExchangeCodeAsync(OAuthProvider provider, OAuthEndpoints endpoints, string? clientSecret,
        string code, string redirectUri, string codeVerifier, CancellationToken ct)
    {
        var response = await http.CreateClient(OAuthHttp.ClientName).RequestAuthorizationCodeTokenAsync(new AuthorizationCodeTokenRequest
        {
            Address = endpoints.Token,
            ClientId = provider.Options.ClientId,
            ClientSecret = clientSecret,
            ClientCredentialStyle = Style(provider),
            Code = code,
            RedirectUri = redirectUri,
            CodeVerifier = codeVerifier,
        }, ct);
        Register(response);
        return response;
    }

    public async Task<TokenResponse> RefreshAsync(OAuthProvider provider, OAuthEndpoints endpoints, string? clientSecret, string refreshToken,
        CancellationToken ct)
    {
        var response = await http.CreateClient(OAuthHttp.ClientName).RequestRefreshTokenAsync(new RefreshTokenRequest
        {
            Address = endpoints.Token,
            ClientId = provider.Options.ClientId,
            ClientSecret = clientSecret,
            ClientCredentialStyle = Style(provider),
            RefreshToken = refreshToken,
        }, ct);
        Register(response);
        return response;
    }

    private static ClientCredentialStyle Style(OAuthProvider provider) =>
        provider.Options.ClientSecretInBody ? ClientCredentialStyle.PostBody : ClientCredentialStyle.AuthorizationHeader;

    private void Register(TokenResponse response)
    {
        if (response.IsError) return;
        if (response.AccessToken is { Length: > 0 } access) redactor.Register(access);
        if (response.RefreshToken is { Length: > 0 } refresh) redactor.Register(refresh);
        if (response.IdentityToken is { Length: > 0 } id) redactor.Register(id);
    }
}
