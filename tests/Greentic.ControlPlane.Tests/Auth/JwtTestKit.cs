using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Greentic.ControlPlane.Auth;
using Greentic.ControlPlane.Tests.TestSupport;

namespace Greentic.ControlPlane.Tests.Auth;

/// <summary>A validator trusting one dev issuer's key through a JWKS file, with a hand-moved clock.</summary>
public sealed class JwtTestKit : IDisposable
{
    public const string Issuer = "https://issuer.test";
    public const string Audience = "greentic-api";

    public JwtTestKit(DevKeyAlgorithm algorithm = DevKeyAlgorithm.Ed25519, Action<JwtValidationOptions>? configure = null)
    {
        Time = new ManualTimeProvider();
        Signer = DevTokenIssuer.CreateEphemeral(algorithm, Time);
        JwksPath = Dir.File("jwks.json");
        File.WriteAllText(JwksPath, Signer.PublicJwksJson);
        Options = new JwtValidationOptions { Issuer = Issuer, Audience = Audience, JwksFile = JwksPath };
        configure?.Invoke(Options);
        Jwks = new JwksProvider(new FileJwksSource(JwksPath), Options.JwksRefreshInterval, Options.JwksMinRefreshInterval, Time);
        Validator = new JwtValidator(TestOptions.Monitor(Options), Jwks, Time);
    }

    public TempDirectory Dir { get; } = new();
    public ManualTimeProvider Time { get; }
    public DevTokenIssuer Signer { get; }
    public string JwksPath { get; }
    public JwtValidationOptions Options { get; }
    public JwksProvider Jwks { get; }
    public JwtValidator Validator { get; }

    public DevTokenRequest Request(params string[] tenants) => new()
    {
        Subject = "alice",
        Issuer = Issuer,
        Audience = Audience,
        Tenants = tenants.Length == 0 ? ["acme"] : tenants,
        Lifetime = TimeSpan.FromMinutes(10),
    };

    public string Token(Func<DevTokenRequest, DevTokenRequest>? change = null) =>
        Signer.Issue(change is null ? Request() : change(Request()));

    public Task<JwtValidationResult> ValidateAsync(string token) => Validator.ValidateAsync(token, CancellationToken.None).AsTask();

    /// <summary>A standard payload for hand-built tokens.</summary>
    public JsonObject Payload() => new()
    {
        ["iss"] = Issuer,
        ["aud"] = Audience,
        ["sub"] = "mallory",
        ["tenants"] = new JsonArray("acme"),
        ["iat"] = Time.GetUtcNow().ToUnixTimeSeconds(),
        ["exp"] = Time.GetUtcNow().AddMinutes(5).ToUnixTimeSeconds(),
    };

    public static string Unsigned(JsonObject header, JsonObject payload, string signature = "") =>
        B64(header.ToJsonString()) + "." + B64(payload.ToJsonString()) + "." + signature;

    public static string B64(string s) => Base64Url.Encode(Encoding.UTF8.GetBytes(s));

    public static string Hs256(JsonObject header, JsonObject payload, byte[] key)
    {
        var input = B64(header.ToJsonString()) + "." + B64(payload.ToJsonString());
        return input + "." + Base64Url.Encode(HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(input)));
    }

    public void Dispose()
    {
        Jwks.Dispose();
        Dir.Dispose();
    }
}
