using Greentic.TestSupport;
using System.Text;
using Google.Protobuf;
using Greentic.ControlPlane.Auth;
using Greentic.Provider.V1;
using Grpc.Core;
using Greentic.Secrets.V1;
using Greentic.Types.V1;

namespace Greentic.Sidecar.Host.Tests.Resilience;

/// <summary>
/// Secrets crossing the sidecar callback path: set through SecretsService, read back by the real C# sidecar's
/// <c>messaging.dummy send_payload</c> over its callback channel — and absent from every control-plane log entry
/// and every error a client sees, including errors of refused calls that carried them.
/// </summary>
public sealed class SidecarSecretLeakTests
{
    private static readonly TenantCtx Acme = new() { Env = "dev", Tenant = "acme" };

    [Fact]
    public async Task SecretsReadByTheSidecarNeverReachLogsOrErrors()
    {
        var logs = new RecordingLoggerProvider();
        var stored = $"gt-stored-{Guid.NewGuid():N}";
        var refused = $"gt-refused-{Guid.NewGuid():N}";
        var errors = new List<string>();
        await using (var cp = await SupervisedSidecarControlPlane.StartAsync("timeout: 10s", TimeSpan.FromMilliseconds(100), logs))
        {
            using var channel = cp.Channel();
            var secrets = new SecretsService.SecretsServiceClient(channel.Invoker);
            var providers = new ProviderService.ProviderServiceClient(channel.Invoker);
            var admin = new Metadata { { "authorization", "Bearer " + cp.ClientToken(GreenticRoles.Admin) } };
            var user = new Metadata { { "authorization", "Bearer " + cp.ClientToken() } };

            // Before the secret exists the sidecar reports it missing; after, the send succeeds.
            var missing = await Invoke(providers, user, "send_payload", """{"v":1,"payload":{"body_b64":"aGk="}}""");
            Assert.Contains("unauthenticated", missing);
            await secrets.PutAsync(new PutRequest { Ctx = Acme, Key = "dummy/api_token", Value = ByteString.CopyFromUtf8(stored) }, admin);
            var sent = await Invoke(providers, user, "send_payload", """{"v":1,"payload":{"body_b64":"aGk="}}""");
            Assert.Contains("\"ok\":true", sent);

            errors.Add(await Refusal(secrets.PutAsync(new PutRequest { Ctx = Acme, Key = "dummy/api_token", Value = ByteString.CopyFromUtf8(refused) }, user).ResponseAsync));
            errors.Add(await Refusal(secrets.PutAsync(new PutRequest { Ctx = Acme, Key = "not a key!", Value = ByteString.CopyFromUtf8(refused) }, admin).ResponseAsync));
            errors.Add(await Refusal(providers.InvokeAsync(new InvokeRequest
            {
                Ctx = Acme, ProviderType = "messaging.dummy", Op = "send_payload", InputJson = ByteString.CopyFromUtf8("{\"token\":\"" + stored + "\""),
            }, user, DateTime.UtcNow.AddSeconds(30)).ResponseAsync));
        }

        Assert.NotEmpty(logs.Messages);
        var texts = logs.Messages.Concat(errors).ToList();
        foreach (var secret in new[] { stored, refused })
            foreach (var form in new[] { secret, Convert.ToBase64String(Encoding.UTF8.GetBytes(secret)) })
                Assert.DoesNotContain(texts, t => t.Contains(form, StringComparison.Ordinal));
    }

    private static async Task<string> Invoke(ProviderService.ProviderServiceClient client, Metadata headers, string op, string json) =>
        (await client.InvokeAsync(new InvokeRequest { Ctx = Acme, ProviderType = "messaging.dummy", Op = op, InputJson = ByteString.CopyFromUtf8(json) },
            headers, DateTime.UtcNow.AddSeconds(30))).OutputJson.ToStringUtf8();

    private static async Task<string> Refusal(Task call) => (await Assert.ThrowsAsync<RpcException>(() => call)).ToString();
}
