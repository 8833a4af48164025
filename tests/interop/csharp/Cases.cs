using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Greentic.Admin.V1;
using Greentic.Distributor.V1;
using Greentic.Http.V1;
using Greentic.Provider.V1;
using Greentic.Secrets.V1;
using Greentic.State.V1;
using Greentic.Telemetry.V1;
using Greentic.Types.V1;
using Grpc.Core;
using Grpc.Net.Client;

/// <summary>The matrix cases (matrix/cases.js) as a Grpc.Net.Client client of the control plane. Each throws to fail.</summary>
internal sealed class Cases(PeerConfig cfg, GrpcChannel channel, string label)
{
    private readonly TenantCtx _ctx = new() { Env = cfg.Env, Tenant = cfg.Tenant };
    private readonly ProviderService.ProviderServiceClient _provider = new(channel);
    private readonly SecretsService.SecretsServiceClient _secrets = new(channel);
    private readonly StateService.StateServiceClient _state = new(channel);
    private readonly HttpService.HttpServiceClient _http = new(channel);
    private readonly TelemetryService.TelemetryServiceClient _telemetry = new(channel);
    private readonly DistributorService.DistributorServiceClient _distributor = new(channel);
    private readonly AdminService.AdminServiceClient _admin = new(channel);

    public IReadOnlyList<(string Name, Func<Task<string?>> Run)> All =>
    [
        ("provider_unary", () => Done(ProviderUnary)), ("secrets_unary", () => Done(SecretsUnary)), ("state_unary", () => Done(StateUnary)),
        ("http_unary", () => Done(HttpUnary)), ("telemetry_unary", () => Done(TelemetryUnary)), ("distributor_unary", () => Done(DistributorUnary)),
        ("admin_unary", () => Done(AdminUnary)), ("server_streaming", () => Done(ServerStreaming)), ("deadline", () => Done(Deadline)),
        ("cancellation", Cancellation), ("metadata", () => Done(MetadataCase)), ("unauthenticated", () => Done(Unauthenticated)),
        ("tenant_denied", () => Done(TenantDenied)), ("status_details", () => Done(StatusDetails)), ("message_too_large", () => Done(MessageTooLarge)),
    ];

    private static async Task<string?> Done(Func<Task> run)
    {
        await run();
        return null;
    }

    private Metadata Bearer(string? token = null) => new() { { "authorization", "Bearer " + (token ?? cfg.Token) } };
    private static DateTime In(double seconds = 30) => DateTime.UtcNow.AddSeconds(seconds);
    private static void Check(bool condition, string message) { if (!condition) throw new CaseFailed(message); }
    private static JsonNode Json(ByteString bytes) => JsonNode.Parse(bytes.Span)!;
    private InvokeRequest Invoke(string providerType, string op, string json) =>
        new() { Ctx = _ctx, ProviderType = providerType, Op = op, InputJson = ByteString.CopyFromUtf8(json) };

    private static async Task<RpcException?> Fails(Func<Task> call)
    {
        try
        {
            await call();
            return null;
        }
        catch (RpcException e)
        {
            return e;
        }
    }

    private async Task ProviderUnary()
    {
        var d = Json((await _provider.DescribeAsync(new DescribeRequest { Ctx = _ctx, ProviderType = "echo" }, Bearer(), In())).DescribeJson);
        Check((string?)d["provider_type"] == "echo", $"Describe: {d.ToJsonString()}");
        var v = Json((await _provider.ValidateConfigAsync(new ValidateConfigRequest { Ctx = _ctx, ProviderType = "echo", ConfigJson = ByteString.CopyFromUtf8("{}") }, Bearer(), In())).ResultJson);
        Check((bool?)v["valid"] == true, $"ValidateConfig: {v.ToJsonString()}");
        var h = Json((await _provider.HealthcheckAsync(new HealthcheckRequest { Ctx = _ctx, ProviderType = "echo" }, Bearer(), In())).HealthJson);
        Check((string?)h["status"] == "ok", $"Healthcheck: {h.ToJsonString()}");
        var o = Json((await _provider.InvokeAsync(Invoke("echo", "echo", $$"""{"from":"{{label}}"}"""), Bearer(), In())).OutputJson);
        Check((bool?)o["ok"] == true && (string?)o["input"]?["from"] == label, $"Invoke echo: {o.ToJsonString()}");
    }

    private async Task SecretsUnary()
    {
        var key = "interop/" + label.Replace('-', '_');
        var value = ByteString.CopyFrom(RandomNumberGenerator.GetBytes(16));
        await _secrets.PutAsync(new PutRequest { Ctx = _ctx, Key = key, Value = value }, Bearer(), In());
        var got = await _secrets.GetAsync(new GetRequest { Ctx = _ctx, Key = key }, Bearer(), In());
        Check(got.HasValue && got.Value == value, "Get did not return the value put");
    }

    private async Task StateUnary()
    {
        await _state.WriteAsync(new WriteRequest { Ctx = _ctx, Prefix = "interop", Key = label, Value = ByteString.CopyFromUtf8(label) }, Bearer(), In());
        var read = await _state.ReadAsync(new ReadRequest { Ctx = _ctx, Prefix = "interop", Key = label }, Bearer(), In());
        Check(read.Value.ToStringUtf8() == label, $"Read returned '{read.Value.ToStringUtf8()}'");
        await _state.DeleteAsync(new DeleteRequest { Ctx = _ctx, Prefix = "interop", Key = label }, Bearer(), In());
        var gone = await Fails(async () => await _state.ReadAsync(new ReadRequest { Ctx = _ctx, Prefix = "interop", Key = label }, Bearer(), In()));
        Check(gone?.StatusCode == StatusCode.NotFound, $"Read after Delete: {gone?.StatusCode.ToString() ?? "OK"}");
    }

    private async Task HttpUnary()
    {
        var sent = await _http.SendAsync(new SendRequest { Ctx = _ctx, Request = new HttpRequest { Method = "GET", Url = cfg.EgressUrl } }, Bearer(), In());
        Check(sent.Response.Status == 200 && (string?)Json(sent.Response.Body)["status"] == "ok", $"GET {cfg.EgressUrl}: {sent.Response.Status}");
    }

    private async Task TelemetryUnary() =>
        await _telemetry.LogAsync(new LogRequest
        {
            Ctx = _ctx, Span = new SpanContext { Tenant = cfg.Tenant, FlowId = "interop", Provider = "echo" },
            Fields = { new KeyValue { Key = "client", Value = label } },
        }, Bearer(), In());

    private async Task DistributorUnary()
    {
        var reference = await _distributor.ResolveRefAsync(new ResolveRefRequest { Ctx = _ctx, Ref = cfg.Pack.Id }, Bearer(), In());
        Check(reference.Digest == cfg.Pack.Digest, $"ResolveRef: {reference.Digest}, want {cfg.Pack.Digest}");
        var component = await _distributor.ResolveComponentAsync(new ResolveComponentRequest { Ctx = _ctx, PackId = cfg.Pack.Id, ComponentId = cfg.Pack.Component }, Bearer(), In());
        Check(component.Digest.StartsWith("sha256:", StringComparison.Ordinal), $"ResolveComponent: digest '{component.Digest}'");
        var status = await _distributor.GetPackStatusAsync(new Greentic.Distributor.V1.GetPackStatusRequest { Ctx = _ctx, PackId = cfg.Pack.Id }, Bearer(), In());
        Check(status.Status == "ready", $"GetPackStatus: {status.Status}");
        var v2 = await _distributor.GetPackStatusV2Async(new GetPackStatusV2Request { Ctx = _ctx, PackId = cfg.Pack.Id }, Bearer(), In());
        Check(v2.Status == "ready" && (string?)JsonNode.Parse(v2.ExtraJson)!["digest"] == cfg.Pack.Digest, $"GetPackStatusV2: {v2.ExtraJson}");
        await _distributor.WarmPackAsync(new WarmPackRequest { Ctx = _ctx, PackId = cfg.Pack.Id }, Bearer(), In());
    }

    private async Task AdminUnary()
    {
        var status = await _admin.GetPackStatusAsync(new Greentic.Admin.V1.GetPackStatusRequest(), Bearer(cfg.AdminToken), In());
        Check(status.Tenants.Any(t => t.Tenant == cfg.Tenant && t.Digest == cfg.Pack.Digest), $"GetPackStatus: {status}");
        var routes = await _admin.ListRoutesAsync(new ListRoutesRequest { Ctx = _ctx }, Bearer(cfg.AdminToken), In());
        Check(routes.Rules.Any(r => r.ProviderType == "echo"), "ListRoutes has no echo rule");
        var providers = await _admin.ListProvidersAsync(new ListProvidersRequest { Ctx = _ctx }, Bearer(cfg.AdminToken), In());
        Check(providers.Providers.Any(p => p.ProviderType == "echo"), "ListProviders has no echo");
    }

    private async Task ServerStreaming()
    {
        using var call = _distributor.GetByDigest(new GetByDigestRequest { Ctx = _ctx, Digest = cfg.Pack.Digest }, Bearer(), In(60));
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long offset = 0, messages = 0, total = -1;
        await foreach (var m in call.ResponseStream.ReadAllAsync())
        {
            Check((long)m.Offset == offset, $"chunk at offset {m.Offset}, want {offset}");
            if (total < 0) total = (long)m.TotalSize;
            sha.AppendData(m.Chunk.Span);
            offset += m.Chunk.Length;
            messages++;
        }
        Check(messages > 1, $"{messages} message(s): want a stream of chunks");
        Check(offset == cfg.Pack.Size && total == cfg.Pack.Size, $"{offset} bytes, total_size {total}, want {cfg.Pack.Size}");
        Check("sha256:" + Convert.ToHexStringLower(sha.GetHashAndReset()) == cfg.Pack.Digest, "the streamed bytes do not hash to the digest");
    }

    private async Task Deadline()
    {
        var e = await Fails(async () => await _provider.InvokeAsync(Invoke("echo", "sleep", """{"ms":10000}"""), Bearer(), In(0.5)));
        Check(e?.StatusCode == StatusCode.DeadlineExceeded, $"got {e?.StatusCode.ToString() ?? "OK"}, want DeadlineExceeded");
    }

    private async Task<string?> Cancellation()
    {
        var traceId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var headers = Bearer();
        headers.Add("traceparent", $"00-{traceId}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))}-01");
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
        var e = await Fails(async () => await _provider.InvokeAsync(Invoke("echo", "sleep", """{"ms":10000}"""), headers, In(), cancel.Token));
        Check(e?.StatusCode == StatusCode.Cancelled, $"got {e?.StatusCode.ToString() ?? "OK"}, want Cancelled");
        return traceId;
    }

    private async Task MetadataCase()
    {
        var headerCtx = new TenantCtx { Env = cfg.Env };
        var refused = Bearer();
        refused.Add("x-greentic-tenant", cfg.OtherTenant);
        var read = _state.ReadAsync(new ReadRequest { Ctx = headerCtx, Prefix = "interop", Key = "absent" }, refused, In());
        var e = await Fails(async () => await read);
        StatusDetailsCheck.Expect(e, StatusCode.PermissionDenied, "TENANT_NOT_GRANTED", ("tenant", cfg.OtherTenant));
        Check(read.GetTrailers().Get(Grpc.Core.MetadataExtensions.StatusDetailsTrailerName) is not null, "the details are not among the trailers");
        var allowed = Bearer();
        allowed.Add("x-greentic-tenant", cfg.Tenant);
        using var log = _telemetry.LogAsync(new LogRequest { Ctx = headerCtx, Span = new SpanContext { Tenant = cfg.Tenant, FlowId = "interop", Provider = "echo" } }, allowed, In());
        await log;
        var headers = await log.ResponseHeadersAsync;
        Check(headers is not null && log.GetTrailers() is not null, "response headers or trailers not readable");
    }

    private async Task Unauthenticated()
    {
        var none = await Fails(async () => await _provider.InvokeAsync(Invoke("echo", "echo", "{}"), new Metadata(), In()));
        StatusDetailsCheck.Expect(none, StatusCode.Unauthenticated, "UNAUTHENTICATED", ("credential", "none"));
        var bad = await Fails(async () => await _provider.InvokeAsync(Invoke("echo", "echo", "{}"), Bearer("not-a-jwt"), In()));
        StatusDetailsCheck.Expect(bad, StatusCode.Unauthenticated, "UNAUTHENTICATED", ("credential", "bearer"));
    }

    private async Task TenantDenied()
    {
        var other = new TenantCtx { Env = cfg.Env, Tenant = cfg.OtherTenant };
        var e = await Fails(async () => await _state.ReadAsync(new ReadRequest { Ctx = other, Prefix = "interop", Key = "x" }, Bearer(), In()));
        StatusDetailsCheck.Expect(e, StatusCode.PermissionDenied, "TENANT_NOT_GRANTED", ("tenant", cfg.OtherTenant));
    }

    private async Task StatusDetails()
    {
        var e = await Fails(async () => await _provider.InvokeAsync(Invoke("interop.unrouted", "send", "{}"), Bearer(), In()));
        StatusDetailsCheck.Expect(e, StatusCode.NotFound, "NO_ROUTE", ("tenant", cfg.Tenant), ("provider_type", "interop.unrouted"), ("op", "send"));
    }

    private async Task MessageTooLarge()
    {
        var request = new InvokeRequest { Ctx = _ctx, ProviderType = "echo", Op = "echo", InputJson = ByteString.CopyFrom(Encoding.ASCII.GetBytes(new string(' ', cfg.MaxMessageSize + 1024))) };
        var e = await Fails(async () => await _provider.InvokeAsync(request, Bearer(), In()));
        StatusDetailsCheck.Expect(e, StatusCode.ResourceExhausted, "MESSAGE_TOO_LARGE", ("limit", cfg.MaxMessageSize.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }
}
