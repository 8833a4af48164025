using Greentic.ControlPlane.Tenancy;
using System.Security.Cryptography;
using System.Text;
using Greentic.ControlPlane.Auth;
using Greentic.ControlPlane.Secrets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Greentic.ControlPlane.Tests.Secrets;

public sealed class SecretRedactorTests
{
    [Fact]
    public void Masks_text_and_encoded_forms_longest_first()
    {
        var r = new SecretRedactor();
        r.Register("abcd1234");
        r.Register("abcd1234-extended");
        var binary = new byte[] { 0xff, 0x00, 0xfe, 0x01, 0x80, 0x7f };
        r.Register(binary);
        Assert.Equal("token=*** and ***", r.Redact("token=abcd1234-extended and abcd1234"));
        Assert.Equal("b64 ***", r.Redact("b64 " + Convert.ToBase64String(binary).TrimEnd('=')));
        Assert.Equal("b64url ***", r.Redact("b64url " + Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Encode(binary)));
        Assert.Equal("nothing here", r.Redact("nothing here"));
    }

    [Fact]
    public void Short_values_are_not_tracked()
    {
        var r = new SecretRedactor(minLength: 4);
        r.Register("abc");
        Assert.True(r.IsEmpty);
        Assert.Equal("abc", r.Redact("abc"));
    }
}

/// <summary>
/// The end-to-end check: secrets are set, used, and involved in every failure we can provoke, with all
/// logging captured; then every captured string and every exception message is scanned for the values.
/// </summary>
public sealed class SecretsNeverLeakTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Secret_values_appear_in_no_log_and_no_error()
    {
        var fileKey = EncryptedFileSecretsStore.GenerateKey();
        const string adminToken = "admin-tok-7f3a9c1e5b";
        const string telegram = "123456789:AAH-telegram-SECRET-token";
        const string slack = "xoxb-slack-SECRET-4242";
        var binary = RandomNumberGenerator.GetBytes(24);
        const string envSecret = "env-provided-SECRET-value";
        var envVariable = "GREENTIC_SECRET__DEV__LEAKTEST__MESSAGING__ENV_TOKEN";
        Environment.SetEnvironmentVariable(envVariable, envSecret);

        var capture = new CapturingLoggerProvider();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["SECRETS_BACKEND"] = "file",
            ["GREENTIC_SECRETS_KEY"] = fileKey,
            ["Greentic:Secrets:FilePath"] = _dir.File("secrets.enc"),
            ["ADMIN_TOKEN"] = adminToken,
        }).Build();
        var services = new ServiceCollection()
            .AddLogging(b => b.AddProvider(capture).SetMinimumLevel(LogLevel.Trace))
            .AddGreenticSecrets(configuration)
            .AddGreenticAuth(configuration);
        await using var sp = services.BuildServiceProvider();
        var errors = new List<string>();
        async Task Expect<TException>(Func<Task> action) where TException : Exception
        {
            var ex = await Assert.ThrowsAnyAsync<TException>(action);
            errors.Add(ex.Message);
            errors.Add(ex.ToString());
        }

        var store = sp.GetRequiredService<ISecretsStore>();
        var factory = sp.GetRequiredService<ScopedSecretsFactory>();
        var acme = new TenantContext("dev", "acme", "support", "alice");
        var logger = sp.GetRequiredService<ILogger<SecretsNeverLeakTests>>();

        // Set secrets through both paths.
        await store.PutAsync(SecretName.Parse("secrets://dev/acme/_/messaging/telegram_bot_token"), Encoding.UTF8.GetBytes(telegram), default);
        var scoped = factory.For(acme, SecretsAllowList.Parse("messaging/*", "oauth/*"));
        await scoped.PutAsync("messaging/slack_token", Encoding.UTF8.GetBytes(slack), default);
        await scoped.PutAsync("oauth/blob", binary, default);

        // Use them.
        Assert.Equal(telegram, Encoding.UTF8.GetString((await scoped.GetAsync("messaging/telegram_bot_token", default))!));
        Assert.Equal(binary, await scoped.GetAsync("oauth/blob", default));
        Assert.Null(await scoped.GetAsync("messaging/missing", default));

        // Provoke every failure.
        await Expect<SecretsException>(() => factory.For(acme, SecretsAllowList.None).GetAsync("messaging/slack_token", default).AsTask());
        await Expect<SecretsException>(() => scoped.GetAsync("secrets://dev/globex/_/messaging/slack_token", default).AsTask());
        await Expect<SecretsException>(() => scoped.GetAsync("not a key", default).AsTask());
        await Expect<SecretsException>(() => scoped.PutAsync("messaging/huge", new byte[1024 * 1024], default).AsTask());
        await Expect<SecretsException>(() => new EnvSecretsStore().PutAsync(SecretName.Parse("secrets://dev/leaktest/_/messaging/env_token"), Encoding.UTF8.GetBytes(envSecret), default).AsTask());
        using (var wrongKey = new EncryptedFileSecretsStore(_dir.File("secrets.enc"), EncryptedFileSecretsStore.GenerateKey(),
                   sp.GetRequiredService<ILogger<EncryptedFileSecretsStore>>()))
        {
            await Expect<SecretsException>(() => wrongKey.GetAsync(SecretName.Parse("secrets://dev/acme/_/messaging/telegram_bot_token"), default).AsTask());
        }
        await Expect<SecretsException>(() => Task.FromResult(new EncryptedFileSecretsStore(_dir.File("x.enc"), fileKey[..20])));
        var tamperedPath = _dir.File("tampered.enc");
        File.Copy(_dir.File("secrets.enc"), tamperedPath);
        var bytes = File.ReadAllBytes(tamperedPath);
        bytes[40] ^= 0x55;
        File.WriteAllBytes(tamperedPath, bytes);
        using (var tampered = new EncryptedFileSecretsStore(tamperedPath, fileKey))
        {
            await Expect<SecretsException>(() => tampered.GetAsync(SecretName.Parse("secrets://dev/acme/_/messaging/telegram_bot_token"), default).AsTask());
        }
        var admin = sp.GetRequiredService<AdminAuthenticator>();
        var wrongAdmin = admin.Authenticate($"Bearer {adminToken}x", System.Net.IPAddress.Parse("10.0.0.1"));
        errors.Add(wrongAdmin.Decision.Message);
        var envRead = await new EnvSecretsStore().GetAsync(SecretName.Parse("secrets://dev/leaktest/_/messaging/env_token"), default);
        sp.GetRequiredService<SecretRedactor>().Register(envRead!);
        using (var badKeyProvider = new ServiceCollection().AddLogging()
                   .AddGreenticSecrets(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
                   {
                       ["SECRETS_BACKEND"] = "file", ["GREENTIC_SECRETS_KEY"] = "c2hvcnQta2V5LXNlY3JldA==",
                   }).Build()).BuildServiceProvider())
        {
            await Expect<OptionsValidationException>(() => Task.FromResult(badKeyProvider.GetRequiredService<IOptions<SecretsOptions>>().Value));
        }

        // Careless code: a provider that logs what it should not.
        logger.LogInformation("provider sent token={Token} to {Url}", telegram, "https://api.telegram.org/bot" + telegram + "/sendMessage");
        logger.LogWarning("slack said {Body}", $"{{\"token\":\"{slack}\"}}");
        logger.LogDebug("blob {Blob}", Convert.ToBase64String(binary));
        logger.LogInformation("env {Value}", envSecret);
        logger.LogInformation("auth header: Bearer {Token}", adminToken);
        logger.LogInformation("key {Key}", fileKey);
        using (logger.BeginScope("scope with {Secret}", slack))
        {
            logger.LogError(new InvalidOperationException($"send failed for {telegram}", new Exception($"inner {slack}")), "call failed");
        }
        logger.LogInformation("an ordinary line about tenant {Tenant}", "acme");

        // Scan.
        var secrets = new[] { telegram, slack, envSecret, adminToken, fileKey, Convert.ToBase64String(binary).TrimEnd('='), Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Encode(binary) };
        var captured = capture.AllText().ToList();
        Assert.True(captured.Count > 20, $"only {captured.Count} log strings captured");
        foreach (var text in captured.Concat(errors))
        {
            foreach (var secret in secrets)
            {
                Assert.False(text.Contains(secret, StringComparison.Ordinal), $"secret leaked into: {text}");
            }
        }
        // The careless lines were logged — masked, not dropped — and ordinary lines are untouched.
        Assert.Contains(captured, t => t.Contains("provider sent token=*** to https://api.telegram.org/bot***/sendMessage"));
        Assert.Contains(captured, t => t.Contains("InvalidOperationException: send failed for ***"));
        Assert.Contains(captured, t => t == "an ordinary line about tenant acme");
        Assert.Contains(capture.Entries, e => e.EventId.Id == 4002); // denials are logged (by name)
        Environment.SetEnvironmentVariable(envVariable, null);
    }
}

public sealed class SecretsServiceCollectionTests
{
    [Fact]
    public void Env_is_the_default_backend_and_file_needs_a_key()
    {
        using var sp = new ServiceCollection().AddGreenticSecrets(new ConfigurationBuilder().Build()).BuildServiceProvider();
        Assert.Equal("env", sp.GetRequiredService<ISecretsStore>().Description);
        Assert.IsType<RedactingLoggerFactory>(sp.GetRequiredService<ILoggerFactory>());

        using var file = new ServiceCollection().AddGreenticSecrets(new ConfigurationBuilder().AddInMemoryCollection(
            new Dictionary<string, string?> { ["SECRETS_BACKEND"] = "FILE" }).Build()).BuildServiceProvider();
        var ex = Assert.Throws<OptionsValidationException>(() => file.GetRequiredService<IOptions<SecretsOptions>>().Value);
        Assert.Contains("GREENTIC_SECRETS_KEY is not set", ex.Message);

        using var vault = new ServiceCollection().AddGreenticSecrets(new ConfigurationBuilder().AddInMemoryCollection(
            new Dictionary<string, string?> { ["SECRETS_BACKEND"] = "vault" }).Build()).BuildServiceProvider();
        Assert.Contains("SECRETS_BACKEND 'vault'", Assert.Throws<OptionsValidationException>(() => vault.GetRequiredService<IOptions<SecretsOptions>>().Value).Message);
    }

    [Fact]
    public void Logging_registered_after_secrets_is_still_redacted()
    {
        var capture = new CapturingLoggerProvider();
        using var sp = new ServiceCollection()
            .AddGreenticSecrets(new ConfigurationBuilder().Build())
            .AddLogging(b => b.AddProvider(capture))
            .BuildServiceProvider();
        sp.GetRequiredService<SecretRedactor>().Register("late-secret-value");
        sp.GetRequiredService<ILogger<SecretsServiceCollectionTests>>().LogInformation("v={V}", "late-secret-value");
        Assert.Equal("v=***", Assert.Single(capture.Entries).Message);
    }
}
