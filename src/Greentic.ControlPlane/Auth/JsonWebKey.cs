using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;

namespace Greentic.ControlPlane.Auth;

/// <summary>
/// A public verification key from a JWKS (RFC 7517): RSA (<c>n</c>, <c>e</c>), EC P-256 (<c>x</c>, <c>y</c>)
/// or OKP Ed25519 (<c>x</c>). Private members (<c>d</c>, <c>p</c>, …) are ignored, so a private key file
/// can be read as its public half.
/// </summary>
public sealed class JsonWebKey
{
    /// <summary>The smallest RSA modulus accepted, in bits.</summary>
    public const int MinRsaKeyBits = 2048;

    private JsonWebKey(string kty, string? kid, string? alg, string? crv, byte[] n, byte[] e, byte[] x, byte[] y)
    {
        Kty = kty;
        Kid = kid;
        Alg = alg;
        Crv = crv;
        N = n;
        E = e;
        X = x;
        Y = y;
    }

    public string Kty { get; }
    public string? Kid { get; }
    /// <summary>The algorithm the key is restricted to, when the JWK says (<c>alg</c>).</summary>
    public string? Alg { get; }
    public string? Crv { get; }
    internal byte[] N { get; }
    internal byte[] E { get; }
    internal byte[] X { get; }
    internal byte[] Y { get; }

    /// <summary>The JWS algorithm this key verifies: RS256, ES256 or EdDSA.</summary>
    public string Algorithm => Kty switch
    {
        "RSA" => JwsAlgorithms.RS256,
        "EC" => JwsAlgorithms.ES256,
        _ => JwsAlgorithms.EdDSA,
    };

    public bool CanVerify(string alg) => alg == Algorithm && (Alg is null || Alg == alg);

    /// <summary>Verifies a JWS signature over <paramref name="signingInput"/> with this key.</summary>
    public bool Verify(string alg, ReadOnlySpan<byte> signingInput, ReadOnlySpan<byte> signature)
    {
        if (!CanVerify(alg))
        {
            return false;
        }
        try
        {
            switch (Kty)
            {
                case "RSA":
                {
                    if (signature.Length != N.Length) return false;
                    using var rsa = RSA.Create();
                    rsa.ImportParameters(new RSAParameters { Modulus = N, Exponent = E });
                    return rsa.VerifyData(signingInput, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
                }
                case "EC":
                {
                    if (signature.Length != 64) return false;
                    using var ec = ECDsa.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, Q = new ECPoint { X = X, Y = Y } });
                    // JWS ES256 signatures are r||s (IEEE P1363), the .NET default format.
                    return ec.VerifyData(signingInput, signature, HashAlgorithmName.SHA256);
                }
                default:
                {
                    if (signature.Length != 64) return false;
                    var signer = new Ed25519Signer();
                    signer.Init(false, new Ed25519PublicKeyParameters(X, 0));
                    var data = signingInput.ToArray();
                    signer.BlockUpdate(data, 0, data.Length);
                    return signer.VerifySignature(signature.ToArray());
                }
            }
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    /// <summary>The RFC 7638 thumbprint: base64url SHA-256 of the canonical required members.</summary>
    public string ComputeThumbprint()
    {
        var json = Kty switch
        {
            "RSA" => $"{{\"e\":\"{Base64Url.Encode(E)}\",\"kty\":\"RSA\",\"n\":\"{Base64Url.Encode(N)}\"}}",
            "EC" => $"{{\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":\"{Base64Url.Encode(X)}\",\"y\":\"{Base64Url.Encode(Y)}\"}}",
            _ => $"{{\"crv\":\"Ed25519\",\"kty\":\"OKP\",\"x\":\"{Base64Url.Encode(X)}\"}}",
        };
        return Base64Url.Encode(SHA256.HashData(Encoding.UTF8.GetBytes(json)));
    }

    /// <summary>
    /// Reads one JWK. Returns null (with <paramref name="skipReason"/>) for a well-formed key this host does
    /// not use — another key type or curve, or one marked for encryption — and throws
    /// <see cref="FormatException"/> for a malformed one.
    /// </summary>
    public static JsonWebKey? Parse(JsonElement jwk, out string? skipReason)
    {
        skipReason = null;
        if (jwk.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("a JWK must be a JSON object");
        }
        var kty = OptionalString(jwk, "kty") ?? throw new FormatException("a JWK has no 'kty'");
        var kid = OptionalString(jwk, "kid");
        var alg = OptionalString(jwk, "alg");
        var use = OptionalString(jwk, "use");
        if (use is not null && use != "sig")
        {
            skipReason = $"key '{kid}' has use '{use}', not 'sig'";
            return null;
        }
        if (jwk.TryGetProperty("key_ops", out var ops))
        {
            if (ops.ValueKind != JsonValueKind.Array || !ops.EnumerateArray().Any(o => o.ValueKind == JsonValueKind.String && o.GetString() == "verify"))
            {
                skipReason = $"key '{kid}' has key_ops without 'verify'";
                return null;
            }
        }
        if (alg is not null && !JwsAlgorithms.IsSupported(alg))
        {
            skipReason = $"key '{kid}' is for algorithm '{alg}', which this host does not accept";
            return null;
        }
        switch (kty)
        {
            case "RSA":
            {
                var n = RequiredBytes(jwk, "n", kid);
                var e = RequiredBytes(jwk, "e", kid);
                var start = 0;
                while (start < n.Length - 1 && n[start] == 0) start++;
                if (start > 0) n = n[start..];
                if (n.Length * 8 < MinRsaKeyBits)
                {
                    throw new FormatException($"RSA key '{kid}' has a {n.Length * 8}-bit modulus; at least {MinRsaKeyBits} bits are required");
                }
                if (e.Length is 0 or > 8)
                {
                    throw new FormatException($"RSA key '{kid}' has an invalid exponent");
                }
                return Checked(new JsonWebKey(kty, kid, alg, null, n, e, [], []), JwsAlgorithms.RS256);
            }
            case "EC":
            {
                var crv = OptionalString(jwk, "crv");
                if (crv != "P-256")
                {
                    skipReason = $"EC key '{kid}' is on curve '{crv}'; only P-256 is accepted";
                    return null;
                }
                var x = RequiredBytes(jwk, "x", kid);
                var y = RequiredBytes(jwk, "y", kid);
                if (x.Length != 32 || y.Length != 32)
                {
                    throw new FormatException($"EC key '{kid}' coordinates must be 32 bytes each");
                }
                try
                {
                    using var ec = ECDsa.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, Q = new ECPoint { X = x, Y = y } });
                }
                catch (CryptographicException)
                {
                    throw new FormatException($"EC key '{kid}' is not a point on P-256");
                }
                return Checked(new JsonWebKey(kty, kid, alg, crv, [], [], x, y), JwsAlgorithms.ES256);
            }
            case "OKP":
            {
                var crv = OptionalString(jwk, "crv");
                if (crv != "Ed25519")
                {
                    skipReason = $"OKP key '{kid}' is on curve '{crv}'; only Ed25519 is accepted";
                    return null;
                }
                var x = RequiredBytes(jwk, "x", kid);
                if (x.Length != 32)
                {
                    throw new FormatException($"Ed25519 key '{kid}' must be 32 bytes");
                }
                return Checked(new JsonWebKey(kty, kid, alg, crv, [], [], x, []), JwsAlgorithms.EdDSA);
            }
            default:
                skipReason = $"key '{kid}' has key type '{kty}'; only RSA, EC and OKP are accepted";
                return null;
        }
    }

    private static JsonWebKey Checked(JsonWebKey key, string algorithm)
    {
        if (key.Alg is not null && key.Alg != algorithm)
        {
            throw new FormatException($"key '{key.Kid}' has kty '{key.Kty}' but alg '{key.Alg}'");
        }
        return key;
    }

    private static string? OptionalString(JsonElement obj, string name)
    {
        if (!obj.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        if (v.ValueKind != JsonValueKind.String) throw new FormatException($"JWK member '{name}' must be a string");
        return v.GetString();
    }

    private static byte[] RequiredBytes(JsonElement obj, string name, string? kid)
    {
        var s = OptionalString(obj, name) ?? throw new FormatException($"key '{kid}' has no '{name}'");
        return Base64Url.TryDecode(s, out var bytes) && bytes.Length > 0
            ? bytes
            : throw new FormatException($"key '{kid}' member '{name}' is not base64url");
    }
}

/// <summary>The JWS algorithms this host accepts. HMAC (HS*) and <c>none</c> are never accepted.</summary>
public static class JwsAlgorithms
{
    public const string RS256 = "RS256";
    public const string ES256 = "ES256";
    public const string EdDSA = "EdDSA";

    public static readonly IReadOnlyList<string> Supported = [RS256, ES256, EdDSA];

    public static bool IsSupported(string alg) => alg is RS256 or ES256 or EdDSA;
}
