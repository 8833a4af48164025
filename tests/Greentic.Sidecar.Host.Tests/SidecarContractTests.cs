using Greentic.TestSupport;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Greentic.Provider.V1;
using Grpc.Core;
using Greentic.Types.V1;

namespace Greentic.Sidecar.Host.Tests;

/// <summary>The sidecar contract (sidecars/README.md), run unchanged against the C# and the Node sidecar.</summary>
public sealed class SidecarContractTests
{
    public static TheoryData<string> Sidecars => new() { "csharp", "node" };

    private static readonly TenantCtx Acme = new() { Env = "dev", Tenant = "acme", TenantId = "acme" };

    private static ProviderService.ProviderServiceClient Client(SidecarProcess s) => new(s.Channel.Invoker);

    private static async Task<JsonNode> InvokeAsync(SidecarProcess s, string provider, string op, string json, DateTime? deadline = null)
    {
        var response = await Client(s).InvokeAsync(new InvokeRequest
        {
            Ctx = Acme, ProviderType = provider, Op = op, InputJson = ByteString.CopyFromUtf8(json),
        }, deadline: deadline ?? DateTime.UtcNow.AddSeconds(10));
        return JsonNode.Parse(response.OutputJson.ToStringUtf8())!;
    }

    [Theory, MemberData(nameof(Sidecars))]
    public async Task DescribesBothSampleProviders(string kind)
    {
        await using var s = await SidecarProcess.StartAsync(kind);
        var echo = JsonNode.Parse((await Client(s).DescribeAsync(new DescribeRequest { Ctx = Acme, ProviderType = "echo" })).DescribeJson.ToStringUtf8())!;
        Assert.Equal("echo", echo["provider_type"]!.GetValue<string>());
        Assert.Equal(["echo", "fail", "sleep", "secret", "state_put", "state_get", "context"], echo["ops"]!.AsArray().Select(o => o!.GetValue<string>()));
        var dummy = JsonNode.Parse((await Client(s).DescribeAsync(new DescribeRequest { Ctx = Acme, ProviderType = "messaging.dummy" })).DescribeJson.ToStringUtf8())!;
        Assert.Equal(["messaging"], dummy["capabilities"]!.AsArray().Select(o => o!.GetValue<string>()));
    }

    [Theory, MemberData(nameof(Sidecars))]
    public async Task EchoFailAndUnknownOpsFollowTheContract(string kind)
    {
        await using var s = await SidecarProcess.StartAsync(kind);
        var echo = await InvokeAsync(s, "echo", "echo", """{"n":[1,"two",null]}""");
        Assert.Equal("""{"ok":true,"op":"echo","input":{"n":[1,"two",null]}}""", echo.ToJsonString());
        var fail = await InvokeAsync(s, "echo", "fail", "{}");
        Assert.Equal("""{"ok":false,"error":{"code":"unavailable","message":"asked to fail","retryable":true,"backoff_ms":10}}""", fail.ToJsonString());
        var unknown = await InvokeAsync(s, "echo", "nope", "{}");
        Assert.Equal("invalid-input", unknown["error"]!["code"]!.GetValue<string>());
    }

    [Theory, MemberData(nameof(Sidecars))]
    public async Task HealthAndConfigValidation(string kind)
    {
        await using var s = await SidecarProcess.StartAsync(kind);
        var health = await Client(s).HealthcheckAsync(new HealthcheckRequest { Ctx = Acme, ProviderType = "echo" });
        Assert.Equal("""{"status":"ok"}""", health.HealthJson.ToStringUtf8());
        var valid = await Client(s).ValidateConfigAsync(new ValidateConfigRequest { Ctx = Acme, ProviderType = "echo", ConfigJson = ByteString.CopyFromUtf8("""{"a":1}""") });
        Assert.True(JsonNode.Parse(valid.ResultJson.ToStringUtf8())!["valid"]!.GetValue<bool>());
        var invalid = await Client(s).ValidateConfigAsync(new ValidateConfigRequest { Ctx = Acme, ProviderType = "echo", ConfigJson = ByteString.CopyFromUtf8("[1]") });
        Assert.False(JsonNode.Parse(invalid.ResultJson.ToStringUtf8())!["valid"]!.GetValue<bool>());
    }

    [Theory, MemberData(nameof(Sidecars))]
    public async Task UnknownProviderIsNotFoundAndBadJsonIsInvalidArgument(string kind)
    {
        await using var s = await SidecarProcess.StartAsync(kind);
        var notFound = await Assert.ThrowsAsync<RpcException>(() => InvokeAsync(s, "nope", "echo", "{}"));
        Assert.Equal(StatusCode.NotFound, notFound.StatusCode);
        Assert.Contains("nope", notFound.Status.Detail);
        var bad = await Assert.ThrowsAsync<RpcException>(() => InvokeAsync(s, "echo", "echo", "{broken"));
        Assert.Equal(StatusCode.InvalidArgument, bad.StatusCode);
    }

    [Theory, MemberData(nameof(Sidecars))]
    public async Task ASleepPastTheDeadlineEndsAsDeadlineExceeded(string kind)
    {
        await using var s = await SidecarProcess.StartAsync(kind);
        var ex = await Assert.ThrowsAsync<RpcException>(() => InvokeAsync(s, "echo", "sleep", """{"ms":10000}""", DateTime.UtcNow.AddMilliseconds(300)));
        Assert.Equal(StatusCode.DeadlineExceeded, ex.StatusCode);
        var after = await InvokeAsync(s, "echo", "sleep", """{"ms":5}""");
        Assert.Equal(5, after["slept_ms"]!.GetValue<int>());
    }

    [Theory, MemberData(nameof(Sidecars))]
    public async Task MessagingPipelineRendersAndEncodesWithoutAHost(string kind)
    {
        await using var s = await SidecarProcess.StartAsync(kind);
        var plan = await InvokeAsync(s, "messaging.dummy", "render_plan", """{"v":1,"message":{"text":"hi ✓"}}""");
        Assert.Equal("hi ✓", plan["plan"]!["plan_json"]!["summary_text"]!.GetValue<string>());
        var encoded = await InvokeAsync(s, "messaging.dummy", "encode", """{"v":1,"message":{"text":"hi ✓"}}""");
        Assert.Equal(Convert.ToBase64String("hi ✓"u8), encoded["payload"]!["body_b64"]!.GetValue<string>());
        var send = await Assert.ThrowsAsync<RpcException>(() => InvokeAsync(s, "messaging.dummy", "send_payload", """{"v":1,"payload":{}}"""));
        Assert.Equal(StatusCode.Unavailable, send.StatusCode);
    }
}
