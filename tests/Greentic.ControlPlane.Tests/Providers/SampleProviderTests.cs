using System.Text;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Greentic.ControlPlane.Transports;
using Greentic.Provider.V1;
using Greentic.Providers;
using Greentic.Providers.Samples;
using Grpc.Core;
using Greentic.Types.V1;

namespace Greentic.ControlPlane.Tests.Providers;

/// <summary>The sample C# providers through the in-process transport, as the control plane runs them.</summary>
public sealed class SampleProviderTests
{
    private sealed class MemoryHost : IProviderHost, IProviderHostFactory
    {
        public Dictionary<string, byte[]> Secrets { get; } = new();
        public Dictionary<string, byte[]> State { get; } = new();
        public List<TenantCtx> Tenants { get; } = [];
        public IProviderHost ForTenant(TenantCtx tenant) { Tenants.Add(tenant); return this; }
        public Task<byte[]?> GetSecretAsync(string key, CancellationToken ct) => Task.FromResult(Secrets.GetValueOrDefault(key));
        public Task<byte[]?> ReadStateAsync(string key, CancellationToken ct) => Task.FromResult(State.GetValueOrDefault(key));
        public Task WriteStateAsync(string key, ReadOnlyMemory<byte> value, CancellationToken ct) { State[key] = value.ToArray(); return Task.CompletedTask; }
        public Task DeleteStateAsync(string key, CancellationToken ct) { State.Remove(key); return Task.CompletedTask; }
    }

    private static (InProcTransport, MemoryHost) Create()
    {
        var host = new MemoryHost();
        var dispatcher = new ProviderDispatcher([new EchoProvider(), new DummyMessagingProvider()], host);
        return (new InProcTransport(new InProcCallInvoker([new CSharpInProcProviders(dispatcher)], TimeProvider.System)), host);
    }

    /// <summary>The in-process call invoker, called as the control plane calls any transport.</summary>
    private sealed class InProcTransport(CallInvoker invoker)
    {
        public ProviderTransport Transport { get; } = new("inproc", "samples", invoker);

        public async Task<InvokeResponse> InvokeAsync(InvokeRequest request, CallOptions options) =>
            (InvokeResponse)await invoker.AsyncUnaryCall(ProviderMethods.For(ProviderFunction.Invoke), null, options, request);
    }

    [Fact]
    public async Task DescribeValidateConfigAndHealthcheckTakeTheSamePathAsInvoke()
    {
        var (t, _) = Create();
        var ctx = new TenantCtx { Env = "dev", Tenant = "acme" };
        async Task<JsonNode> Call(ProviderFunction function, string json = "") =>
            JsonNode.Parse((await t.Transport.CallAsync(new ProviderCall("messaging.dummy", function,
                function == ProviderFunction.Invoke ? "render_plan" : ProviderCall.OpName(function), Encoding.UTF8.GetBytes(json), ctx), new CallOptions())).ToStringUtf8())!;

        Assert.Equal(["render_plan", "encode", "send_payload"], (await Call(ProviderFunction.Describe))["ops"]!.AsArray().Select(o => o!.GetValue<string>()));
        Assert.True((await Call(ProviderFunction.ValidateConfig, """{"a":1}"""))["valid"]!.GetValue<bool>());
        Assert.False((await Call(ProviderFunction.ValidateConfig, "[1]"))["valid"]!.GetValue<bool>());
        Assert.Equal("ok", (await Call(ProviderFunction.Healthcheck))["status"]!.GetValue<string>());
        Assert.Equal("TierD", (await Call(ProviderFunction.Invoke, """{"message":{"text":"hi"}}"""))["plan"]!["plan_json"]!["tier"]!.GetValue<string>());
    }

    private static InvokeRequest Invoke(string provider, string op, string json) => new()
    {
        Ctx = new TenantCtx { Env = "dev", Tenant = "acme" }, ProviderType = provider, Op = op, InputJson = ByteString.CopyFromUtf8(json),
    };

    private static JsonNode Output(InvokeResponse r) => JsonNode.Parse(r.OutputJson.ToStringUtf8())!;

    [Fact]
    public async Task EchoReturnsItsInput()
    {
        var (t, _) = Create();
        var output = Output(await t.InvokeAsync(Invoke("echo", "echo", """{"a":[1,2]}"""), new CallOptions()));
        Assert.True(output["ok"]!.GetValue<bool>());
        Assert.Equal("""{"a":[1,2]}""", output["input"]!.ToJsonString());
    }

    [Fact]
    public async Task UnknownProviderIsNotFoundAndBadJsonIsInvalidArgument()
    {
        var (t, _) = Create();
        var notFound = await Assert.ThrowsAsync<RpcException>(() => t.InvokeAsync(Invoke("nope", "echo", "{}"), new CallOptions()));
        Assert.Equal(StatusCode.NotFound, notFound.StatusCode);
        var bad = await Assert.ThrowsAsync<RpcException>(() => t.InvokeAsync(Invoke("echo", "echo", "{not json"), new CallOptions()));
        Assert.Equal(StatusCode.InvalidArgument, bad.StatusCode);
    }

    [Fact]
    public async Task SleepPastTheDeadlineIsDeadlineExceeded()
    {
        var (t, _) = Create();
        var ex = await Assert.ThrowsAsync<RpcException>(() =>
            t.InvokeAsync(Invoke("echo", "sleep", """{"ms":5000}"""), new CallOptions(deadline: DateTime.UtcNow.AddMilliseconds(100))));
        Assert.Equal(StatusCode.DeadlineExceeded, ex.StatusCode);
    }

    [Fact]
    public async Task SendPayloadNeedsTheTokenThenCountsAndStoresEachMessage()
    {
        var (t, host) = Create();
        var refused = Output(await t.InvokeAsync(Invoke("messaging.dummy", "send_payload", """{"v":1,"payload":{"x":1}}"""), new CallOptions()));
        Assert.False(refused["ok"]!.GetValue<bool>());
        Assert.Equal("unauthenticated", refused["error"]!["code"]!.GetValue<string>());

        host.Secrets[DummyMessagingProvider.TokenSecret] = "t0k3n"u8.ToArray();
        var first = Output(await t.InvokeAsync(Invoke("messaging.dummy", "send_payload", """{"v":1,"payload":{"x":1}}"""), new CallOptions()));
        var second = Output(await t.InvokeAsync(Invoke("messaging.dummy", "send_payload", """{"v":1,"payload":{"x":2}}"""), new CallOptions()));
        Assert.Equal("dummy-1", first["message"]!["id"]!.GetValue<string>());
        Assert.Equal("dummy-2", second["message"]!["id"]!.GetValue<string>());
        Assert.Equal("""{"x":2}""", Encoding.UTF8.GetString(host.State["dummy/outbox/2"]));
        Assert.All(host.Tenants, ctx => Assert.Equal("acme", ctx.Tenant));
    }

    [Fact]
    public async Task RenderThenEncodeCarriesTheText()
    {
        var (t, _) = Create();
        var plan = Output(await t.InvokeAsync(Invoke("messaging.dummy", "render_plan", """{"v":1,"message":{"text":"héllo"}}"""), new CallOptions()));
        Assert.Equal("TierD", plan["plan"]!["plan_json"]!["tier"]!.GetValue<string>());
        var encoded = Output(await t.InvokeAsync(Invoke("messaging.dummy", "encode", """{"v":1,"message":{"text":"héllo"}}"""), new CallOptions()));
        Assert.Equal("héllo", Encoding.UTF8.GetString(Convert.FromBase64String(encoded["payload"]!["body_b64"]!.GetValue<string>())));
    }
}
