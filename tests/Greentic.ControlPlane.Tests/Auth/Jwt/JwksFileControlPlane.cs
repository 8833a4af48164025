namespace Greentic.ControlPlane.Tests.Auth.Jwt;

/// <summary>
/// A control plane trusting a JWKS file with an RS256, a PS256 and an ES256 key (and an RSA key whose tokens use RS512,
/// outside the allow-list), for issuer <see cref="TestJwt.Issuer"/> and audience <see cref="TestJwt.Audience"/>.
/// Subclasses add <c>Greentic:Auth:Jwt</c> settings.
/// </summary>
public class JwksFileControlPlane : InProcessControlPlane
{
    public SigningKey Rs256 { get; } = SigningKey.Create("RS256", "rsa-1");
    public SigningKey Ps256 { get; } = SigningKey.Create("PS256", "pss-1");
    public SigningKey Es256 { get; } = SigningKey.Create("ES256", "ec-1");
    public SigningKey Rs512 { get; } = SigningKey.Create("RS512", "rsa-512");

    public string JwksFile => Path.Combine(Dir, "trusted-keys.json");

    public SigningKey Key(string alg) => alg switch { "RS256" => Rs256, "PS256" => Ps256, "ES256" => Es256, _ => Rs512 };

    protected override Task ConfigureAsync(Dictionary<string, string?> settings)
    {
        File.WriteAllText(JwksFile, SigningKey.Jwks(Rs256, Ps256, Es256, Rs512));
        settings["Greentic:Auth:Jwt:JwksFile"] = JwksFile;
        settings["Greentic:Auth:Jwt:Issuer"] = TestJwt.Issuer;
        settings["Greentic:Auth:Jwt:Audience"] = TestJwt.Audience;
        ConfigureJwt(settings);
        return Task.CompletedTask;
    }

    protected virtual void ConfigureJwt(Dictionary<string, string?> settings) { }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        foreach (var key in new[] { Rs256, Ps256, Es256, Rs512 }) key.Dispose();
    }
}

/// <summary>Only ES256 tokens are accepted.</summary>
public sealed class Es256OnlyControlPlane : JwksFileControlPlane
{
    protected override void ConfigureJwt(Dictionary<string, string?> settings) => settings["Greentic:Auth:Jwt:AllowedAlgorithms:0"] = "ES256";
}

/// <summary>Tokens may live at most five minutes.</summary>
public sealed class ShortLivedTokensControlPlane : JwksFileControlPlane
{
    protected override void ConfigureJwt(Dictionary<string, string?> settings) => settings["Greentic:Auth:Jwt:MaxTokenLifetime"] = "00:05:00";
}

/// <summary>An identity provider with its own claim names: subject in <c>email</c>, tenants under a URL, roles nested.</summary>
public sealed class CustomClaimsControlPlane : JwksFileControlPlane
{
    protected override void ConfigureJwt(Dictionary<string, string?> settings)
    {
        settings["Greentic:Auth:Jwt:Claims:Subject"] = "email";
        settings["Greentic:Auth:Jwt:Claims:Tenants"] = "https://greentic.ai/tenants";
        settings["Greentic:Auth:Jwt:Claims:Roles"] = "realm_access.roles";
    }
}
