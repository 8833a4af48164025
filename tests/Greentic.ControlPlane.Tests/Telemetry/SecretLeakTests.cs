using System.Text;
using Google.Protobuf;
using Greentic.ControlPlane.Auth;
using Greentic.Provider.V1;
using Grpc.Core;
using Greentic.Secrets.V1;
using Greentic.Types.V1;

namespace Greentic.ControlPlane.Tests.Telemetry;

/// <summary>
/// End to end: secrets set through SecretsService and read by a provider call never show up in any log entry
/// (every level, message, structured values, exceptions), any exported span, or any error a client receives —
/// including the errors of calls that carried a secret value and were refused.
/// </summary>
public sealed class SecretLeakTests : IAsyncLifetime
{
    private static readonly TenantCtx Acme = new() { Env = "dev", Tenant = "acme" };
    private readonly CapturingLoggerProvider _logs = new();
    private readonly List<string> _errors = [];
    private OtlpReceiver _receiver = null!;

    public async Task InitializeAsync() => _receiver = await OtlpReceiver.StartAsync();

    [Fact]
    public async Task SecretValuesAppearInNoLogSpanOrError()
    {
        string Secret(string name) => $"gt-{name}-{Guid.NewGuid():N}";
        var stored = Secret("stored");
        var refused = new[] { Secret("by-non-admin"), Secret("bad-key"), Secret("other-tenant"), Secret("too-big") };

        await using var cp = await InProcessControlPlane.StartAsync(new TelemetryControlPlane(InProcessControlPlane.Routes, _receiver.Endpoint, _logs));
        using var channel = cp.Channel();
        var secrets = new SecretsService.SecretsServiceClient(channel.Invoker);
        var providers = new ProviderService.ProviderServiceClient(channel.Invoker);
        var admin = InProcessControlPlane.Bearer(cp.Token("acme", GreenticRoles.Admin));
        var user = InProcessControlPlane.Bearer(cp.Token("acme"));

        await secrets.PutAsync(new PutRequest { Ctx = Acme, Key = "dummy/api_token", Value = ByteString.CopyFromUtf8(stored) }, admin);
        var sent = await Invoke(providers, user, "messaging.dummy", "send_payload", """{"v":1,"payload":{"body_b64":"aGk="}}""");
        Assert.Contains("\"ok\":true", sent);

        // Refused writes that carry a secret value.
        await Expect(StatusCode.PermissionDenied, secrets.PutAsync(Put(Acme, "dummy/api_token", refused[0]), user).ResponseAsync);
        await Expect(StatusCode.InvalidArgument, secrets.PutAsync(Put(Acme, "bad key/../x", refused[1]), admin).ResponseAsync);
        await Expect(StatusCode.PermissionDenied, secrets.PutAsync(Put(new TenantCtx { Env = "dev", Tenant = "globex" }, "dummy/api_token", refused[2]), admin).ResponseAsync);
        var tooBig = string.Concat(Enumerable.Repeat(refused[3], 70 * 1024 / refused[3].Length + 1));
        _errors.Add(await ErrorOf(secrets.PutAsync(Put(Acme, "dummy/api_token", tooBig), admin).ResponseAsync));
        // Provider calls that fail, one of them with the stored secret in a malformed input.
        await Expect(StatusCode.InvalidArgument, providers.InvokeAsync(Request("echo", "echo", "{\"token\":\"" + stored + "\""), user).ResponseAsync);
        await Expect(StatusCode.NotFound, providers.InvokeAsync(Request("nope.provider", "echo", "{}"), user).ResponseAsync);
        await Expect(StatusCode.Unauthenticated, providers.InvokeAsync(Request("messaging.dummy", "send_payload", "{}"), new Metadata()).ResponseAsync);
        Assert.Contains("unknown op", await Invoke(providers, user, "messaging.dummy", "explode", "{}"));
        cp.FlushTelemetry();

        var spans = _receiver.Spans;
        Assert.Contains(spans, s => s.Name == "provider messaging.dummy send_payload" && s.Attributes["rpc.grpc.status_code"] == "0");
        Assert.Contains(spans, s => s.Attributes.GetValueOrDefault("rpc.grpc.status_code") == "3");
        Assert.NotEmpty(_logs.Entries);
        var haystacks = new Dictionary<string, IEnumerable<string>>
        {
            ["log"] = _logs.AllText(),
            ["exported span"] = _receiver.TraceBodies.Select(b => Encoding.UTF8.GetString(b)),
            ["exported metric"] = _receiver.MetricBodies.Select(b => Encoding.UTF8.GetString(b)),
            ["client error"] = _errors,
        };
        foreach (var secret in refused.Prepend(stored))
            foreach (var form in new[] { secret, Convert.ToBase64String(Encoding.UTF8.GetBytes(secret)) })
                foreach (var (where, texts) in haystacks)
                {
                    var hit = texts.FirstOrDefault(t => t.Contains(form, StringComparison.Ordinal));
                    Assert.True(hit is null, $"a secret value leaked into a {where}: {hit}");
                }
    }

    private static PutRequest Put(TenantCtx ctx, string key, string value) => new() { Ctx = ctx, Key = key, Value = ByteString.CopyFromUtf8(value) };

    private static InvokeRequest Request(string provider, string op, string json) =>
        new() { Ctx = Acme, ProviderType = provider, Op = op, InputJson = ByteString.CopyFromUtf8(json) };

    private static async Task<string> Invoke(ProviderService.ProviderServiceClient client, Metadata headers, string provider, string op, string json) =>
        (await client.InvokeAsync(Request(provider, op, json), headers, DateTime.UtcNow.AddSeconds(30))).OutputJson.ToStringUtf8();

    private async Task Expect(StatusCode expected, Task call)
    {
        var ex = await Assert.ThrowsAsync<RpcException>(() => call);
        _errors.Add(ex.ToString());
        Assert.True(ex.StatusCode == expected, $"expected {expected}, got {ex.StatusCode}: {ex.Status.Detail}");
    }

    private static async Task<string> ErrorOf(Task call) => (await Assert.ThrowsAsync<RpcException>(() => call)).ToString();

    public async Task DisposeAsync() => await _receiver.DisposeAsync();
}
