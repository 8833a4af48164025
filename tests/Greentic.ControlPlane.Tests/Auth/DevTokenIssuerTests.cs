using System.Text.Json.Nodes;
using Greentic.ControlPlane.Auth;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Greentic.ControlPlane.Tests.Auth;

public sealed class DevTokenIssuerTests
{
    [Fact]
    public async Task Key_is_persisted_privately_reloaded_and_its_public_jwks_has_no_private_member()
    {
        using var dir = new TempDirectory();
        var path = dir.File("sub/dev-key.json");
        using var first = DevTokenIssuer.LoadOrCreate(path);
        using var second = DevTokenIssuer.LoadOrCreate(path);
        Assert.Equal(first.KeyId, second.KeyId);
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Empty(Directory.GetFiles(dir.File("sub"), "*.tmp"));
        Assert.Contains("\"d\"", File.ReadAllText(path));

        await first.WritePublicJwksAsync(dir.File("public.json"), CancellationToken.None);
        var jwks = File.ReadAllText(dir.File("public.json"));
        Assert.DoesNotContain("\"d\"", jwks);
        Assert.Equal(first.KeyId, new JsonWebKeySet(jwks).Keys.Single().Kid);
    }

    [Fact]
    public void A_damaged_key_file_is_replaced_by_a_new_key()
    {
        using var dir = new TempDirectory();
        var path = dir.File("dev-key.json");
        File.WriteAllText(path, """{"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo","d":"nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A"}""");
        using var issuer = DevTokenIssuer.LoadOrCreate(path);
        Assert.Contains("\"P-256\"", File.ReadAllText(path));
        Assert.Equal(issuer.KeyId, DevTokenIssuer.Load(path).KeyId);
    }

    [Fact]
    public void Kid_is_the_rfc7638_thumbprint_and_tokens_verify_with_the_published_key()
    {
        using var issuer = DevTokenIssuer.CreateEphemeral();
        var key = new JsonWebKeySet(issuer.PublicJwksJson).Keys.Single();
        Assert.Equal(issuer.KeyId, Base64UrlEncoder.Encode(key.ComputeJwkThumbprint()));
        Assert.Equal(issuer.KeyId, key.Kid);

        var token = new JsonWebToken(issuer.Issue(new DevTokenRequest { Subject = "alice", Tenants = ["acme"], Roles = ["admin"], Lifetime = TimeSpan.FromMinutes(5) }));
        Assert.Equal(("ES256", issuer.KeyId), (token.Alg, token.Kid));
        Assert.Equal(["acme"], token.GetPayloadValue<List<string>>("tenants"));
        Assert.Equal(TimeSpan.FromMinutes(5), token.ValidTo - token.IssuedAt);
        var signed = issuer.Sign(new JsonObject { ["alg"] = "ES256", ["kid"] = issuer.KeyId }, new JsonObject { ["sub"] = "x" });
        Assert.True(SignatureVerifies(signed, key));
        Assert.False(SignatureVerifies(signed[..^4] + (signed[^4] == 'A' ? "B" : "A") + signed[^3..], key));
    }

    private static bool SignatureVerifies(string jwt, JsonWebKey key)
    {
        var parts = jwt.Split('.');
        var provider = CryptoProviderFactory.Default.CreateForVerifying(key, SecurityAlgorithms.EcdsaSha256);
        return provider.Verify(System.Text.Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), Base64UrlEncoder.DecodeBytes(parts[2]));
    }
}
