using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.Tokens;

namespace Greentic.ControlPlane.Tests.Auth.Jwt;

/// <summary>
/// An issuer's signing key, written by hand so the tokens a test sends do not come from the library under test:
/// RSA (RS256, PS256, or RS512 — outside the allow-list) or P-256 (ES256), with its public JWK.
/// </summary>
public sealed class SigningKey : IDisposable
{
    private readonly RSA? _rsa;
    private readonly ECDsa? _ec;

    private SigningKey(string alg, string kid, RSA? rsa, ECDsa? ec)
    {
        (Alg, Kid, _rsa, _ec) = (alg, kid, rsa, ec);
        if (rsa is not null)
        {
            var p = rsa.ExportParameters(false);
            PublicJwk = new JsonObject { ["kty"] = "RSA", ["kid"] = kid, ["use"] = "sig", ["n"] = Base64UrlEncoder.Encode(p.Modulus), ["e"] = Base64UrlEncoder.Encode(p.Exponent) };
        }
        else
        {
            var p = ec!.ExportParameters(false);
            PublicJwk = new JsonObject
            {
                ["kty"] = "EC", ["crv"] = "P-256", ["kid"] = kid, ["use"] = "sig",
                ["x"] = Base64UrlEncoder.Encode(p.Q.X), ["y"] = Base64UrlEncoder.Encode(p.Q.Y),
            };
        }
    }

    public string Alg { get; }
    public string Kid { get; }
    public JsonObject PublicJwk { get; }

    public static SigningKey Create(string alg, string kid) => alg switch
    {
        "RS256" or "PS256" or "RS512" => new SigningKey(alg, kid, RSA.Create(2048), null),
        "ES256" => new SigningKey(alg, kid, null, ECDsa.Create(ECCurve.NamedCurves.nistP256)),
        _ => throw new ArgumentOutOfRangeException(nameof(alg), alg, "a test key is RS256, PS256, RS512 or ES256"),
    };

    /// <summary>A JWKS document (<c>{"keys":[…]}</c>) with the public keys of <paramref name="keys"/>.</summary>
    public static string Jwks(params SigningKey[] keys) =>
        new JsonObject { ["keys"] = new JsonArray(keys.Select(k => (JsonNode)k.PublicJwk.DeepClone()).ToArray()) }.ToJsonString();

    /// <summary>A token signed with this key; the header says this key's alg and kid unless told otherwise.</summary>
    public string Token(JsonObject payload, string? kid = null) =>
        TestJwt.Sign(new JsonObject { ["alg"] = Alg, ["typ"] = "JWT", ["kid"] = kid ?? Kid }, payload, Sign);

    public byte[] Sign(byte[] input) => Alg switch
    {
        "RS256" => _rsa!.SignData(input, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1),
        "PS256" => _rsa!.SignData(input, HashAlgorithmName.SHA256, RSASignaturePadding.Pss),
        "RS512" => _rsa!.SignData(input, HashAlgorithmName.SHA512, RSASignaturePadding.Pkcs1),
        _ => _ec!.SignData(input, HashAlgorithmName.SHA256),
    };

    public void Dispose()
    {
        _rsa?.Dispose();
        _ec?.Dispose();
    }
}
