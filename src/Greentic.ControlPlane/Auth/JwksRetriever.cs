using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace Greentic.ControlPlane.Auth;

/// <summary>
/// Reads a bare JWKS document (a file or a URL, through the given document retriever) as the signing keys
/// of an OpenID configuration, so a JWKS source gets the same <see cref="ConfigurationManager{T}"/> caching,
/// refresh and refresh-on-unknown-key as OpenID discovery does.
/// </summary>
internal sealed class JwksRetriever : IConfigurationRetriever<OpenIdConnectConfiguration>
{
    public async Task<OpenIdConnectConfiguration> GetConfigurationAsync(string address, IDocumentRetriever retriever, CancellationToken cancel)
    {
        var json = await retriever.GetDocumentAsync(address, cancel).ConfigureAwait(false);
        JsonWebKeySet keys;
        try
        {
            keys = new JsonWebKeySet(json);
        }
        catch (ArgumentException e)
        {
            throw new InvalidOperationException($"'{address}' is not a JWKS document ({{\"keys\":[…]}}): {e.Message}", e);
        }
        var configuration = new OpenIdConnectConfiguration();
        foreach (var key in keys.GetSigningKeys()) configuration.SigningKeys.Add(key);
        return configuration;
    }
}
