using Greentic.ControlPlane.Tenancy;
using Greentic.ControlPlane.Auth;
using Greentic.ControlPlane.Secrets;

namespace Greentic.ControlPlane.Tests.Secrets;

public sealed class ScopedSecretsTests
{
    private readonly Dictionary<string, string> _env = new()
    {
        ["GREENTIC_SECRET__DEV__ACME__MESSAGING__TELEGRAM_BOT_TOKEN"] = "tenant-wide-token",
        ["GREENTIC_SECRET__DEV__ACME__SUPPORT__MESSAGING__SLACK_TOKEN"] = "support-slack-token",
        ["GREENTIC_SECRET__DEV__ACME__DEFAULT__API_KEY"] = "default-category-key",
        ["GREENTIC_SECRET__DEV__GLOBEX__MESSAGING__TELEGRAM_BOT_TOKEN"] = "globex-token",
    };

    private readonly SecretRedactor _redactor = new();

    private ScopedSecrets Scoped(TenantContext ctx, params string[] allow) =>
        new(new EnvSecretsStore(EnvSecretNames.DefaultPrefix, _env.GetValueOrDefault, () => _env.Keys), ctx, SecretsAllowList.Parse(allow), _redactor);

    private static readonly TenantContext Acme = new("dev", "acme");
    private static readonly TenantContext AcmeSupport = new("dev", "acme", "support", "alice");

    [Fact]
    public async Task Allowed_keys_resolve_in_the_call_scope()
    {
        var s = Scoped(Acme, "messaging/telegram_bot_token", "default/*");
        Assert.Equal("tenant-wide-token"u8.ToArray(), await s.GetAsync("messaging/telegram_bot_token", default));
        Assert.Equal("tenant-wide-token"u8.ToArray(), await s.GetAsync("secrets://dev/acme/_/messaging/telegram_bot_token", default));
        Assert.Equal("default-category-key"u8.ToArray(), await s.GetAsync("api_key", default));
        Assert.True(_redactor.ContainsSecret("x tenant-wide-token y"));
    }

    [Fact]
    public async Task Team_context_falls_back_to_the_tenant_wide_secret()
    {
        var s = Scoped(AcmeSupport, "messaging/*");
        Assert.Equal("support-slack-token"u8.ToArray(), await s.GetAsync("messaging/slack_token", default));
        Assert.Equal("tenant-wide-token"u8.ToArray(), await s.GetAsync("messaging/telegram_bot_token", default));
        Assert.Null(await Scoped(Acme, "messaging/*").GetAsync("messaging/slack_token", default));
        Assert.Null(await s.GetAsync("messaging/missing", default));
    }

    [Fact]
    public async Task Keys_outside_the_allow_list_are_denied_with_the_fix()
    {
        var s = Scoped(Acme, "messaging/slack_token");
        var ex = await Assert.ThrowsAsync<SecretsException>(() => s.GetAsync("messaging/telegram_bot_token", default).AsTask());
        Assert.Equal(SecretsErrorCode.Denied, ex.Code);
        Assert.Contains("binding.secrets", ex.Message);
        Assert.Equal(SecretsErrorCode.Denied, (await Assert.ThrowsAsync<SecretsException>(() => Scoped(Acme).GetAsync("messaging/slack_token", default).AsTask())).Code);
    }

    [Theory]
    [InlineData("secrets://dev/globex/_/messaging/telegram_bot_token")]
    [InlineData("secrets://prod/acme/_/messaging/telegram_bot_token")]
    [InlineData("secrets://dev/acme/sales/messaging/telegram_bot_token")]
    public async Task Uris_of_other_scopes_are_denied(string uri)
    {
        var ex = await Assert.ThrowsAsync<SecretsException>(() => Scoped(AcmeSupport, "*").GetAsync(uri, default).AsTask());
        Assert.Equal(SecretsErrorCode.Denied, ex.Code);
        Assert.Contains("outside this call's scope", ex.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("a/b/c")]
    [InlineData("../globex")]
    [InlineData("messaging/")]
    [InlineData("secrets://dev/acme")]
    [InlineData("bad key")]
    public async Task Malformed_keys_are_invalid(string key)
    {
        var ex = await Assert.ThrowsAsync<SecretsException>(() => Scoped(Acme, "*").GetAsync(key, default).AsTask());
        Assert.Equal(SecretsErrorCode.InvalidKey, ex.Code);
    }

    [Fact]
    public async Task Puts_go_to_the_context_scope_and_size_is_bounded()
    {
        var dir = Directory.CreateTempSubdirectory("greentic-scoped-");
        try
        {
            using var file = new EncryptedFileSecretsStore(Path.Combine(dir.FullName, "s.enc"), EncryptedFileSecretsStore.GenerateKey());
            var s = new ScopedSecrets(file, AcmeSupport, SecretsAllowList.Parse("oauth/*"), _redactor, maxValueBytes: 16);
            await s.PutAsync("oauth/refresh", "rt-0123456789"u8.ToArray(), default);
            Assert.Equal("rt-0123456789"u8.ToArray(), await file.GetAsync(SecretName.Parse("secrets://dev/acme/support/oauth/refresh"), default));
            Assert.Equal(SecretsErrorCode.InvalidKey,
                (await Assert.ThrowsAsync<SecretsException>(() => s.PutAsync("oauth/big", new byte[17], default).AsTask())).Code);
            Assert.Equal(SecretsErrorCode.Unsupported,
                (await Assert.ThrowsAsync<SecretsException>(() => Scoped(Acme, "*").PutAsync("a/b", "v"u8.ToArray(), default).AsTask())).Code);
        }
        finally
        {
            dir.Delete(true);
        }
    }
}

public sealed class SecretsAllowListTests
{
    [Fact]
    public void Patterns()
    {
        var list = SecretsAllowList.Parse("messaging/telegram_bot_token", "oauth/*");
        Assert.True(list.Allows("messaging", "telegram_bot_token"));
        Assert.False(list.Allows("messaging", "slack"));
        Assert.True(list.Allows("oauth", "anything"));
        Assert.True(SecretsAllowList.All.Allows("x", "y"));
        Assert.False(SecretsAllowList.None.Allows("x", "y"));
        Assert.Null(SecretsAllowList.TryParse(["*/x"], out var error));
        Assert.Contains("'*/x'", error);
    }
}
