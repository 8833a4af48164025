using System.Security.Claims;
using System.Security.Cryptography;
using Greentic.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Greentic.Gateway.Tests.Support;

/// <summary>
/// Plays login.botframework.com on a <see cref="LoopbackServer"/>: an OpenID metadata document whose jwks_uri
/// lists RSA keys with Bot Framework <c>endorsements</c>, and tokens signed by them as the Bot Connector signs
/// channel-to-bot calls. Key "k1" endorses msteams, webchat and directline; key "k2" only skype.
/// </summary>
public sealed class BotFrameworkIssuer : IAsyncDisposable
{
    public const string Issuer = "https://api.botframework.com";

    private readonly Dictionary<string, (RSA Key, string[] Endorsements)> _keys = new()
    {
        ["k1"] = (RSA.Create(2048), ["msteams", "webchat", "directline"]),
        ["k2"] = (RSA.Create(2048), ["skype"]),
    };
    private LoopbackServer? _server;

    public string MetadataUrl { get; private set; } = "";

    public static async Task<BotFrameworkIssuer> StartAsync()
    {
        var issuer = new BotFrameworkIssuer();
        issuer._server = await LoopbackServer.StartAsync(issuer.Map);
        issuer.MetadataUrl = $"{issuer._server.BaseUrl}/v1/.well-known/openidconfiguration";
        return issuer;
    }

    private void Map(WebApplication app)
    {
        app.MapGet("/v1/.well-known/openidconfiguration", (HttpContext c) => Results.Json(new
        {
            issuer = Issuer,
            jwks_uri = $"{c.Request.Scheme}://{c.Request.Host}/v1/.well-known/keys",
            id_token_signing_alg_values_supported = new[] { "RS256" },
        }));
        app.MapGet("/v1/.well-known/keys", () => Results.Json(new
        {
            keys = _keys.Select(k =>
            {
                var p = k.Value.Key.ExportParameters(false);
                return new Dictionary<string, object>
                {
                    ["kty"] = "RSA", ["use"] = "sig", ["kid"] = k.Key,
                    ["n"] = Base64UrlEncoder.Encode(p.Modulus), ["e"] = Base64UrlEncoder.Encode(p.Exponent),
                    ["endorsements"] = k.Value.Endorsements,
                };
            }),
        }));
    }

    public string Token(string audience, string serviceUrl, string kid = "k1", string issuer = Issuer, DateTime? expires = null)
    {
        var key = new RsaSecurityKey(_keys[kid].Key) { KeyId = kid };
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Subject = new ClaimsIdentity([new Claim("serviceurl", serviceUrl)]),
            NotBefore = DateTime.UtcNow.AddMinutes(-1),
            IssuedAt = DateTime.UtcNow.AddMinutes(-1),
            Expires = expires ?? DateTime.UtcNow.AddMinutes(30),
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
        });
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
        foreach (var (key, _) in _keys.Values) key.Dispose();
    }
}
