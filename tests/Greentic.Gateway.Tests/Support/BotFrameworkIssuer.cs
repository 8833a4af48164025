using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Greentic.Gateway.Tests.Support;

/// <summary>
/// Plays login.botframework.com on loopback: an OpenID metadata document whose jwks_uri lists RSA keys with
/// Bot Framework <c>endorsements</c>, and tokens signed by them as the Bot Connector signs channel-to-bot calls.
/// Key "k1" endorses msteams, webchat and directline; key "k2" only skype.
/// </summary>
public sealed class BotFrameworkIssuer : IAsyncDisposable
{
    public const string Issuer = "https://api.botframework.com";

    private readonly Dictionary<string, (RSA Key, string[] Endorsements)> _keys = new()
    {
        ["k1"] = (RSA.Create(2048), ["msteams", "webchat", "directline"]),
        ["k2"] = (RSA.Create(2048), ["skype"]),
    };
    private WebApplication? _app;

    public string MetadataUrl { get; private set; } = "";

    public static async Task<BotFrameworkIssuer> StartAsync()
    {
        var issuer = new BotFrameworkIssuer();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.MapGet("/v1/.well-known/openidconfiguration", (HttpContext c) => Results.Json(new
        {
            issuer = Issuer,
            jwks_uri = $"{c.Request.Scheme}://{c.Request.Host}/v1/.well-known/keys",
            id_token_signing_alg_values_supported = new[] { "RS256" },
        }));
        app.MapGet("/v1/.well-known/keys", () => Results.Json(new
        {
            keys = issuer._keys.Select(k =>
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
        await app.StartAsync();
        issuer._app = app;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        issuer.MetadataUrl = $"{address}/v1/.well-known/openidconfiguration";
        return issuer;
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
        if (_app is not null) await _app.DisposeAsync();
        foreach (var (key, _) in _keys.Values) key.Dispose();
    }
}
