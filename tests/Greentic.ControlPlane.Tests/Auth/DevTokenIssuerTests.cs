using Greentic.ControlPlane.Auth;
using Greentic.ControlPlane.Tests.TestSupport;

namespace Greentic.ControlPlane.Tests.Auth;

public sealed class DevTokenIssuerTests
{
    [Theory]
    [InlineData(DevKeyAlgorithm.Ed25519)]
    [InlineData(DevKeyAlgorithm.ES256)]
    public async Task Key_is_persisted_privately_reloaded_and_usable_as_a_jwks_file(DevKeyAlgorithm algorithm)
    {
        using var dir = new TempDirectory();
        var path = dir.File("sub/dev-key.json");
        var first = DevTokenIssuer.LoadOrCreate(path, algorithm);
        var second = DevTokenIssuer.LoadOrCreate(path, algorithm == DevKeyAlgorithm.Ed25519 ? DevKeyAlgorithm.ES256 : DevKeyAlgorithm.Ed25519);
        Assert.Equal(first.KeyId, second.KeyId);
        Assert.Equal(algorithm, second.KeyAlgorithm);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }
        Assert.Empty(Directory.GetFiles(dir.File("sub"), "*.tmp"));

        // The validator may read the private key file directly: private members are ignored.
        var time = new ManualTimeProvider(DateTimeOffset.UtcNow);
        var options = new JwtValidationOptions { Issuer = DevTokenIssuer.DefaultIssuer, Audience = DevTokenIssuer.DefaultAudience, JwksFile = path };
        using var jwks = new JwksProvider(new FileJwksSource(path), options.JwksRefreshInterval, options.JwksMinRefreshInterval, time);
        var validator = new JwtValidator(TestOptions.Monitor(options), jwks, time);
        var token = second.Issue(new DevTokenRequest { Tenants = ["demo"], Roles = [GreenticRoles.Admin] });
        var result = await validator.ValidateAsync(token, CancellationToken.None);
        Assert.True(result.Succeeded, result.Message);
        Assert.Equal("dev", result.Principal!.Subject);

        await first.WritePublicJwksAsync(dir.File("public.json"), CancellationToken.None);
        Assert.DoesNotContain("\"d\"", File.ReadAllText(dir.File("public.json")));
        Assert.Contains("\"d\"", File.ReadAllText(path));
    }

    [Fact]
    public void Kid_is_the_rfc7638_thumbprint()
    {
        var issuer = DevTokenIssuer.CreateEphemeral();
        var set = JsonWebKeySet.Parse(System.Text.Encoding.UTF8.GetBytes(issuer.PublicJwksJson));
        Assert.Equal(issuer.KeyId, set.Keys[0].ComputeThumbprint());
        Assert.Equal(issuer.KeyId, set.Keys[0].Kid);
    }
}
