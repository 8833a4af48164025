using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.Tokens;
using Jwk = Microsoft.IdentityModel.Tokens.JsonWebKey;

namespace Greentic.ControlPlane.Auth;

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
/// Mints ES256 tokens for local development (<c>greentic up</c>, <c>greentic token issue</c>) and tests. The P-256
/// key is generated on first use and persisted as a private JWK (file mode 0600); the control plane trusts it
/// through <see cref="PublicJwksJson"/> written as its JWKS file. Not for production: anyone who can read the key
/// file can mint tokens for any tenant.
/// </summary>
public sealed class DevTokenIssuer : IDisposable
{
    public const string DefaultIssuer = "greentic-dev";
    public const string DefaultAudience = "greentic";
    public const string Algorithm = SecurityAlgorithms.EcdsaSha256;

    private readonly ECDsa _key;
    private readonly TimeProvider _time;

    private DevTokenIssuer(ECDsa key, TimeProvider? time)
    {
        _key = key;
        _time = time ?? TimeProvider.System;
        var jwk = JsonWebKeyConverter.ConvertFromECDsaSecurityKey(new ECDsaSecurityKey(key));
        KeyId = Base64UrlEncoder.Encode(jwk.ComputeJwkThumbprint());
        PublicJwkJson = new JsonObject
        {
            ["kty"] = "EC", ["crv"] = "P-256", ["x"] = jwk.X, ["y"] = jwk.Y, ["kid"] = KeyId, ["alg"] = Algorithm, ["use"] = "sig",
        }.ToJsonString();
    }

    /// <summary>The RFC 7638 thumbprint of the public key.</summary>
    public string KeyId { get; }

    public string PublicJwkJson { get; }

    public string PublicJwksJson => $"{{\"keys\":[{PublicJwkJson}]}}";

    public static DevTokenIssuer CreateEphemeral(TimeProvider? time = null) => new(ECDsa.Create(ECCurve.NamedCurves.nistP256), time);

    /// <summary>Loads the key at <paramref name="path"/>, or generates one and writes it there (mode 0600).</summary>
    public static DevTokenIssuer LoadOrCreate(string path, TimeProvider? time = null)
    {
        if (File.Exists(path))
        {
            try
            {
                return Load(path, time);
            }
            catch (FormatException)
            {
                // An older dev key (Ed25519) or a damaged file: dev keys are disposable, make a new one.
                File.Delete(path);
            }
        }
        var issuer = CreateEphemeral(time);
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
            issuer.Dispose();
            return Load(path, time);
        }
    }

    public static DevTokenIssuer Load(string path, TimeProvider? time = null)
    {
        Jwk jwk;
        try
        {
            jwk = new Jwk(File.ReadAllText(path));
        }
        catch (ArgumentException e)
        {
            throw new FormatException($"dev signing key '{path}' is not a JWK: {e.Message}", e);
        }
        if (jwk.Kty != "EC" || jwk.Crv != "P-256" || string.IsNullOrEmpty(jwk.D))
            throw new FormatException($"dev signing key '{path}' is not a private P-256 JWK");
        var key = ECDsa.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            D = Base64UrlEncoder.DecodeBytes(jwk.D),
            Q = new ECPoint { X = Base64UrlEncoder.DecodeBytes(jwk.X), Y = Base64UrlEncoder.DecodeBytes(jwk.Y) },
        });
        return new DevTokenIssuer(key, time);
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
            payload[name] = value?.DeepClone();
        return Sign(new JsonObject { ["alg"] = Algorithm, ["typ"] = "JWT", ["kid"] = KeyId }, payload);
    }

    /// <summary>
    /// Signs any header and payload with this key, whatever the header says — tests use it to build tokens
    /// the control plane must refuse (a lying alg, a foreign kid).
    /// </summary>
    public string Sign(JsonObject header, JsonObject payload)
    {
        var signingInput = Base64UrlEncoder.Encode(header.ToJsonString()) + "." + Base64UrlEncoder.Encode(payload.ToJsonString());
        var signature = _key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256);
        return signingInput + "." + Base64UrlEncoder.Encode(signature);
    }

    private string PrivateJwkJson()
    {
        var node = JsonNode.Parse(PublicJwkJson)!.AsObject();
        node["d"] = Base64UrlEncoder.Encode(_key.ExportParameters(includePrivateParameters: true).D!);
        return node.ToJsonString();
    }

    public void Dispose() => _key.Dispose();
}
