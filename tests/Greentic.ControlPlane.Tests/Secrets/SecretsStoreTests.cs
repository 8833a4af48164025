using Greentic.ControlPlane.Tenancy;
using System.Text;
using Greentic.ControlPlane.Auth;
using Greentic.ControlPlane.Secrets;

namespace Greentic.ControlPlane.Tests.Secrets;

public sealed class EnvSecretsStoreTests
{
    private readonly Dictionary<string, string> _env = new()
    {
        ["GREENTIC_SECRET__DEV__ACME__MESSAGING__TELEGRAM_BOT_TOKEN"] = "tg-123",
        ["GREENTIC_SECRET__DEV__ACME__SUPPORT__MESSAGING__TELEGRAM_BOT_TOKEN"] = "tg-support",
        ["GREENTIC_SECRET__DEV__GLOBEX__MESSAGING__TELEGRAM_BOT_TOKEN"] = "tg-globex",
        ["PATH"] = "/usr/bin",
    };

    private EnvSecretsStore Store() => new(EnvSecretNames.DefaultPrefix, _env.GetValueOrDefault, () => _env.Keys);

    [Fact]
    public async Task Reads_mapped_variables_and_missing_is_null()
    {
        var store = Store();
        Assert.Equal("tg-123"u8.ToArray(), await store.GetAsync(SecretName.Parse("secrets://dev/acme/_/messaging/telegram_bot_token"), default));
        Assert.Equal("tg-support"u8.ToArray(), await store.GetAsync(SecretName.Parse("secrets://dev/acme/support/messaging/telegram_bot_token"), default));
        Assert.Null(await store.GetAsync(SecretName.Parse("secrets://prod/acme/_/messaging/telegram_bot_token"), default));
    }

    [Fact]
    public async Task Writes_are_unsupported_with_the_variable_to_set()
    {
        var ex = await Assert.ThrowsAsync<SecretsException>(() =>
            Store().PutAsync(SecretName.Parse("secrets://dev/acme/_/messaging/x"), "v"u8.ToArray(), default).AsTask());
        Assert.Equal(SecretsErrorCode.Unsupported, ex.Code);
        Assert.Contains("GREENTIC_SECRET__DEV__ACME__MESSAGING__X", ex.Message);
        Assert.Contains("SECRETS_BACKEND=file", ex.Message);
    }

    [Fact]
    public async Task Lists_only_the_tenants_names()
    {
        var names = await Store().ListAsync(new TenantContext("dev", "acme"), default);
        Assert.Equal(["secrets://dev/acme/_/messaging/telegram_bot_token", "secrets://dev/acme/support/messaging/telegram_bot_token"],
            names.Select(n => n.ToUri()));
    }

    [Fact]
    public async Task Real_process_environment_is_read()
    {
        var variable = "GREENTIC_SECRET__DEV__ENVTEST__C__N";
        Environment.SetEnvironmentVariable(variable, "from-process");
        try
        {
            Assert.Equal("from-process"u8.ToArray(), await new EnvSecretsStore().GetAsync(SecretName.Parse("secrets://dev/envtest/_/c/n"), default));
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }
}

public sealed class EncryptedFileSecretsStoreTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly string _key = EncryptedFileSecretsStore.GenerateKey();
    private string FilePath => _dir.File("state/secrets.enc");
    private static readonly SecretName Token = SecretName.Parse("secrets://dev/acme/_/messaging/telegram_bot_token");

    public void Dispose() => _dir.Dispose();

    private EncryptedFileSecretsStore Store(string? key = null) => new(FilePath, key ?? _key);

    [Fact]
    public async Task Put_then_get_across_instances_and_missing_is_null()
    {
        using (var store = Store())
        {
            Assert.Null(await store.GetAsync(Token, default));
            await store.PutAsync(Token, "123456:ABC-very-secret"u8.ToArray(), default);
            Assert.Equal("123456:ABC-very-secret"u8.ToArray(), await store.GetAsync(Token, default));
        }
        using var reopened = Store();
        Assert.Equal("123456:ABC-very-secret"u8.ToArray(), await reopened.GetAsync(Token, default));
        Assert.Null(await reopened.GetAsync(SecretName.Parse("secrets://dev/globex/_/messaging/telegram_bot_token"), default));
    }

    [Fact]
    public async Task File_holds_neither_values_nor_names_in_clear_and_is_private()
    {
        using var store = Store();
        await store.PutAsync(Token, "plain-text-secret-value"u8.ToArray(), default);
        var bytes = File.ReadAllBytes(FilePath);
        var text = Encoding.Latin1.GetString(bytes);
        Assert.StartsWith("GTSECv1\n", text);
        Assert.DoesNotContain("plain-text-secret-value", text);
        Assert.DoesNotContain("telegram_bot_token", text);
        Assert.DoesNotContain(Convert.ToBase64String("plain-text-secret-value"u8.ToArray()), text);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(FilePath));
        }
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(FilePath)!, "*.tmp"));

        // A fresh nonce per write: writing the same content twice gives different files.
        await store.PutAsync(Token, "plain-text-secret-value"u8.ToArray(), default);
        Assert.NotEqual(bytes, File.ReadAllBytes(FilePath));
    }

    [Fact]
    public async Task Wrong_key_and_tampering_are_refused_clearly()
    {
        using (var store = Store()) await store.PutAsync(Token, "value-1"u8.ToArray(), default);

        using var wrong = Store(EncryptedFileSecretsStore.GenerateKey());
        var ex = await Assert.ThrowsAsync<SecretsException>(() => wrong.GetAsync(Token, default).AsTask());
        Assert.Equal(SecretsErrorCode.Internal, ex.Code);
        Assert.Contains("GREENTIC_SECRETS_KEY", ex.Message);
        Assert.Contains("wrong or the file was modified", ex.Message);
        // Writing with the wrong key must not clobber the file.
        await Assert.ThrowsAsync<SecretsException>(() => wrong.PutAsync(Token, "x"u8.ToArray(), default).AsTask());

        var bytes = File.ReadAllBytes(FilePath);
        bytes[^1] ^= 0x01;
        File.WriteAllBytes(FilePath, bytes);
        using var tampered = Store();
        Assert.Contains("modified", (await Assert.ThrowsAsync<SecretsException>(() => tampered.GetAsync(Token, default).AsTask())).Message);

        File.WriteAllText(FilePath, "{\"not\":\"ours\"}");
        using var foreign = Store();
        Assert.Contains("bad header", (await Assert.ThrowsAsync<SecretsException>(() => foreign.GetAsync(Token, default).AsTask())).Message);
    }

    [Theory]
    [InlineData(null, "is not set")]
    [InlineData("", "is not set")]
    [InlineData("not base64!", "not valid base64")]
    [InlineData("AAAA", "decodes to 3 bytes")]
    public void Bad_keys_are_explained_without_echoing_them(string? key, string expected)
    {
        var ex = Assert.Throws<SecretsException>(() => new EncryptedFileSecretsStore(FilePath, key));
        Assert.Contains(expected, ex.Message);
        Assert.Contains("GREENTIC_SECRETS_KEY", ex.Message);
        if (!string.IsNullOrEmpty(key)) Assert.DoesNotContain(key, ex.Message);
    }

    [Fact]
    public async Task Concurrent_writers_from_separate_instances_lose_nothing()
    {
        var stores = Enumerable.Range(0, 4).Select(_ => Store()).ToList();
        try
        {
            await Task.WhenAll(stores.Select((s, w) => Task.Run(async () =>
            {
                for (var i = 0; i < 15; i++)
                {
                    await s.PutAsync(SecretName.Parse($"secrets://dev/acme/_/w{w}/s{i}"), Encoding.UTF8.GetBytes($"{w}-{i}"), default);
                }
            })));
            using var check = Store();
            var names = await check.ListAsync(new TenantContext("dev", "acme"), default);
            Assert.Equal(60, names.Count);
            Assert.Equal("3-14"u8.ToArray(), await check.GetAsync(SecretName.Parse("secrets://dev/acme/_/w3/s14"), default));
        }
        finally
        {
            foreach (var s in stores) s.Dispose();
        }
    }

    [Fact]
    public async Task Delete_and_list()
    {
        using var store = Store();
        await store.PutAsync(Token, "a"u8.ToArray(), default);
        await store.PutAsync(SecretName.Parse("secrets://dev/acme/support/slack/token"), "b"u8.ToArray(), default);
        await store.PutAsync(SecretName.Parse("secrets://dev/globex/_/slack/token"), "c"u8.ToArray(), default);
        Assert.Equal(2, (await store.ListAsync(new TenantContext("dev", "acme"), default)).Count);
        Assert.True(await store.DeleteAsync(Token, default));
        Assert.False(await store.DeleteAsync(Token, default));
        Assert.Null(await store.GetAsync(Token, default));
        Assert.Single(await store.ListAsync(new TenantContext("dev", "acme"), default));
    }

    [Fact]
    public async Task Changes_by_another_instance_are_seen()
    {
        using var reader = Store();
        using var writer = Store();
        Assert.Null(await reader.GetAsync(Token, default));
        await writer.PutAsync(Token, "fresh"u8.ToArray(), default);
        Assert.Equal("fresh"u8.ToArray(), await reader.GetAsync(Token, default));
    }
}
