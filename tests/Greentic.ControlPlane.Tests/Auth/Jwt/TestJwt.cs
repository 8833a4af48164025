using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.Tokens;

namespace Greentic.ControlPlane.Tests.Auth.Jwt;

/// <summary>Builds compact JWS tokens by hand: well-formed ones and every hostile shape a bearer check must refuse.</summary>
public static class TestJwt
{
    public const string Issuer = "https://issuer.test";
    public const string Audience = "greentic-api";

    /// <summary>A payload the control plane accepts for tenant <c>acme</c>: issued now, valid for ten minutes.</summary>
    public static JsonObject Payload(string tenant = "acme", string subject = "alice") => new()
    {
        ["iss"] = Issuer,
        ["aud"] = Audience,
        ["sub"] = subject,
        ["tenants"] = new JsonArray(tenant),
        ["iat"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
        ["exp"] = DateTimeOffset.UtcNow.AddMinutes(10).ToUnixTimeSeconds(),
    };

    public static string Sign(JsonObject header, JsonObject payload, Func<byte[], byte[]> sign)
    {
        var input = SigningInput(header, payload);
        return input + "." + Base64UrlEncoder.Encode(sign(Encoding.ASCII.GetBytes(input)));
    }

    /// <summary>An unsigned token (<c>alg: none</c> or any spelling of it), empty signature.</summary>
    public static string Unsigned(JsonObject payload, string alg = "none", string? kid = null)
    {
        var header = new JsonObject { ["alg"] = alg, ["typ"] = "JWT" };
        if (kid is not null) header["kid"] = kid;
        return SigningInput(header, payload) + ".";
    }

    /// <summary>An HMAC-SHA256 token keyed with <paramref name="secret"/> (a verifier's public key bytes, for the classic confusion).</summary>
    public static string Hs256(JsonObject payload, byte[] secret, string? kid = null)
    {
        var header = new JsonObject { ["alg"] = "HS256", ["typ"] = "JWT" };
        if (kid is not null) header["kid"] = kid;
        return Sign(header, payload, input => HMACSHA256.HashData(secret, input));
    }

    private static string SigningInput(JsonObject header, JsonObject payload) =>
        Base64UrlEncoder.Encode(header.ToJsonString()) + "." + Base64UrlEncoder.Encode(payload.ToJsonString());
}
