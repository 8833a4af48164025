using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;

namespace Greentic.ControlPlane.Auth;

public enum DevKeyAlgorithm
{
    Ed25519,
    ES256,
}

/// <summary>What a dev token grants.</summary>
public sealed record DevTokenRequest
{
    public string Subject { get; init; } = "dev";
    public IReadOnlyList<string> Tenants { get; init; } = [];
    public IReadOnlyList<string> Teams { get; init; } = [];
    public IReadOnlyList<string> Roles { get; init; } = [];
    public TimeSpan Lifetime { get; init; } = TimeSpan.FromHours(12);
    public string Issuer { get; init; } = DevTokenIssuer.DefaultIssuer;
    /// <summary>A single audience (serialized as a string).</summary>
    public string Audience { get; init; } = DevTokenIssuer.DefaultAudience;
    /// <summary>Defaults to now.</summary>
    public DateTimeOffset? IssuedAt { get; init; }
    public DateTimeOffset? NotBefore { get; init; }
    /// <summary>Further claims, added last (they may override the standard ones).</summary>
    public IReadOnlyDictionary<string, JsonNode?>? ExtraClaims { get; init; }
}

/// <summary>
/// Mints tokens for local development (`greentic up` prints one) and tests. The signing key — Ed25519 or
/// ES256 — is generated on first use and persisted as a private JWK (file mode 0600); the validator trusts
/// it through <see cref="PublicJwksJson"/> or by reading the same file (private members are ignored there).
/// Not for production: anyone who can read the key file can mint tokens for any tenant.
/// </summary>
public sealed class DevTokenIssuer
{
    public const string DefaultIssuer = "greentic-dev";
    public const string DefaultAudience = "greentic";

    private readonly byte[] _d;
    private readonly TimeProvider _time;

    private DevTokenIssuer(DevKeyAlgorithm algorithm, byte[] d, byte[] x, byte[] y, TimeProvider? time)
    {
        KeyAlgorithm = algorithm;
        _d = d;
        _time = time ?? TimeProvider.System;
        PublicJwkJson = algorithm == DevKeyAlgorithm.Ed25519
            ? $"{{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"{Base64Url.Encode(x)}\""
            : $"{{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"{Base64Url.Encode(x)}\",\"y\":\"{Base64Url.Encode(y)}\"";
        using var doc = JsonDocument.Parse(PublicJwkJson + "}");
        KeyId = JsonWebKey.Parse(doc.RootElement, out _)!.ComputeThumbprint();
        PublicJwkJson += $",\"kid\":\"{KeyId}\",\"alg\":\"{Algorithm}\",\"use\":\"sig\"}}";
        X = x;
        Y = y;
    }

    public DevKeyAlgorithm KeyAlgorithm { get; }

    /// <summary>The JWS alg: EdDSA or ES256.</summary>
    public string Algorithm => KeyAlgorithm == DevKeyAlgorithm.Ed25519 ? JwsAlgorithms.EdDSA : JwsAlgorithms.ES256;

    /// <summary>The RFC 7638 thumbprint of the public key.</summary>
    public string KeyId { get; }

    public string PublicJwkJson { get; }

    public string PublicJwksJson => $"{{\"keys\":[{PublicJwkJson}]}}";

    private byte[] X { get; }
    private byte[] Y { get; }

    public static DevTokenIssuer CreateEphemeral(DevKeyAlgorithm algorithm = DevKeyAlgorithm.Ed25519, TimeProvider? time = null)
    {
        if (algorithm == DevKeyAlgorithm.Ed25519)
        {
            var d = RandomNumberGenerator.GetBytes(32);
            var x = new Ed25519PrivateKeyParameters(d, 0).GeneratePublicKey().GetEncoded();
            return new DevTokenIssuer(algorithm, d, x, [], time);
        }
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var p = ec.ExportParameters(includePrivateParameters: true);
        return new DevTokenIssuer(algorithm, p.D!, p.Q.X!, p.Q.Y!, time);
    }

    /// <summary>Loads the key at <paramref name="path"/>, or generates one and writes it there (mode 0600).</summary>
    public static DevTokenIssuer LoadOrCreate(string path, DevKeyAlgorithm algorithm = DevKeyAlgorithm.Ed25519, TimeProvider? time = null)
    {
        if (File.Exists(path))
        {
            return Load(path, time);
        }
        var issuer = CreateEphemeral(algorithm, time);
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var temp = Path.Combine(directory, $".{Path.GetFileName(path)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var stream = new FileStream(temp, options))
        {
            stream.Write(Encoding.UTF8.GetBytes(issuer.PrivateJwkJson()));
            stream.Flush(flushToDisk: true);
        }
        try
        {
            File.Move(temp, path, overwrite: false);
            return issuer;
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process created it first: use theirs.
            File.Delete(temp);
            return Load(path, time);
        }
    }

    public static DevTokenIssuer Load(string path, TimeProvider? time = null)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        var root = doc.RootElement;
        string Member(string name) => root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String
            ? v.GetString()! : throw new FormatException($"dev signing key '{path}' has no '{name}'");
        var kty = Member("kty");
        var d = Base64Url.Decode(Member("d"));
        return kty switch
        {
            "OKP" => new DevTokenIssuer(DevKeyAlgorithm.Ed25519, d, Base64Url.Decode(Member("x")), [], time),
            "EC" => new DevTokenIssuer(DevKeyAlgorithm.ES256, d, Base64Url.Decode(Member("x")), Base64Url.Decode(Member("y")), time),
            _ => throw new FormatException($"dev signing key '{path}' has unsupported kty '{kty}'"),
        };
    }

    /// <summary>Writes <see cref="PublicJwksJson"/> to <paramref name="path"/> (for JwksFile).</summary>
    public async Task WritePublicJwksAsync(string path, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temp = path + $".{Guid.NewGuid():N}.tmp";
        await File.WriteAllTextAsync(temp, PublicJwksJson, cancellationToken).ConfigureAwait(false);
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>Mints a signed token for <paramref name="request"/>.</summary>
    public string Issue(DevTokenRequest request)
    {
        var iat = request.IssuedAt ?? _time.GetUtcNow();
        var payload = new JsonObject
        {
            ["iss"] = request.Issuer,
            ["sub"] = request.Subject,
            ["aud"] = request.Audience,
            ["iat"] = iat.ToUnixTimeSeconds(),
            ["exp"] = (iat + request.Lifetime).ToUnixTimeSeconds(),
            ["jti"] = Guid.NewGuid().ToString("N"),
        };
        if (request.NotBefore is { } nbf) payload["nbf"] = nbf.ToUnixTimeSeconds();
        if (request.Tenants.Count > 0) payload["tenants"] = new JsonArray(request.Tenants.Select(t => (JsonNode?)t).ToArray());
        if (request.Teams.Count > 0) payload["teams"] = new JsonArray(request.Teams.Select(t => (JsonNode?)t).ToArray());
        if (request.Roles.Count > 0) payload["roles"] = new JsonArray(request.Roles.Select(t => (JsonNode?)t).ToArray());
        foreach (var (name, value) in request.ExtraClaims ?? new Dictionary<string, JsonNode?>())
        {
            payload[name] = value?.DeepClone();
        }
        return Sign(new JsonObject { ["alg"] = Algorithm, ["typ"] = "JWT", ["kid"] = KeyId }, payload);
    }

    /// <summary>
    /// Signs any header and payload with this key, whatever the header says — tests use it to build tokens
    /// the validator must refuse (a lying alg, a foreign kid).
    /// </summary>
    public string Sign(JsonObject header, JsonObject payload)
    {
        var signingInput = Base64Url.Encode(Encoding.UTF8.GetBytes(header.ToJsonString())) + "." +
                           Base64Url.Encode(Encoding.UTF8.GetBytes(payload.ToJsonString()));
        return signingInput + "." + Base64Url.Encode(SignBytes(Encoding.ASCII.GetBytes(signingInput)));
    }

    private byte[] SignBytes(byte[] data)
    {
        if (KeyAlgorithm == DevKeyAlgorithm.Ed25519)
        {
            var signer = new Ed25519Signer();
            signer.Init(true, new Ed25519PrivateKeyParameters(_d, 0));
            signer.BlockUpdate(data, 0, data.Length);
            return signer.GenerateSignature();
        }
        using var ec = ECDsa.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            D = _d,
            Q = new ECPoint { X = X, Y = Y },
        });
        return ec.SignData(data, HashAlgorithmName.SHA256);
    }

    private string PrivateJwkJson() => PublicJwkJson[..^1] + $",\"d\":\"{Base64Url.Encode(_d)}\"}}";
}
