using Google.Protobuf;
using Greentic.Provider.V1;
using Grpc.Core;
using Greentic.Types.V1;

namespace Greentic.ControlPlane.Tests.Telemetry;

/// <summary>
/// A provider call through the control plane is exported over OTLP/HTTP as a span tagged with tenant, provider,
/// op and transport, and its W3C trace context reaches the sidecar that serves the call through the gRPC client's
/// HTTP request: the sidecar sees the same trace, under a span that descends from the provider call's span.
/// </summary>
public sealed class TraceExportTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gt-otel-").FullName;
    private OtlpReceiver _receiver = null!;
    private HeaderRecordingSidecar _sidecar = null!;

    public async Task InitializeAsync()
    {
        _receiver = await OtlpReceiver.StartAsync();
        _sidecar = await HeaderRecordingSidecar.StartAsync(Path.Combine(_dir, "sc.sock"));
    }

    [Fact]
    public async Task AProviderCallIsExportedAsATaggedSpanWhoseContextReachesTheSidecar()
    {
        var routes = $$"""
            version: 1
            rules:
              - name: echo-via-sidecar
                match: { provider_type: echo }
                binding: { transport: sidecar, target: "unix://{{_sidecar.Socket}}", timeout: 10s }
            """;
        await using var cp = await InProcessControlPlane.StartAsync(new TelemetryControlPlane(routes, _receiver.Endpoint));
        using var channel = cp.Channel();
        var client = new ProviderService.ProviderServiceClient(channel.Invoker);
        var response = await client.InvokeAsync(new InvokeRequest
        {
            Ctx = new TenantCtx { Env = "dev", Tenant = "acme", Team = "ops" },
            ProviderType = "echo",
            Op = "echo",
            InputJson = ByteString.CopyFromUtf8("""{"hello":"otel"}"""),
        }, InProcessControlPlane.Bearer(cp.Token("acme")), DateTime.UtcNow.AddSeconds(30));
        Assert.Contains("\"hello\":\"otel\"", response.OutputJson.ToStringUtf8());
        cp.FlushTelemetry();

        var (_, headers) = Assert.Single(_sidecar.Calls.Invokes);
        var traceparent = headers.GetValue("traceparent");
        Assert.NotNull(traceparent);
        var parts = traceparent.Split('-');
        Assert.Equal(4, parts.Length);
        Assert.Equal("00", parts[0]);
        Assert.Equal(1, Convert.ToByte(parts[3], 16) & 1); // sampled

        Assert.Empty(_receiver.OtherPaths);
        // Listeners are process-wide: other tests' control planes add their spans to this export too.
        var spans = _receiver.Spans;
        var span = Assert.Single(spans, s => s.Name == "provider echo echo" && s.TraceId == parts[1]);
        Assert.Contains(span.SpanId, Ancestry(spans, parts[1], parts[2]));
        Assert.Equal("acme", span.Attributes["greentic.tenant"]);
        Assert.Equal("ops", span.Attributes["greentic.team"]);
        Assert.Equal("echo", span.Attributes["greentic.provider"]);
        Assert.Equal("echo", span.Attributes["greentic.capability"]);
        Assert.Equal("echo", span.Attributes["greentic.op"]);
        Assert.Equal("sidecar", span.Attributes["greentic.transport"]);
        Assert.Equal("echo-via-sidecar", span.Attributes["greentic.route"]);
        Assert.Equal("0", span.Attributes["rpc.grpc.status_code"]);
        Assert.NotEmpty(_receiver.MetricBodies);
    }

    /// <summary>The span ids from <paramref name="spanId"/> up through its exported parents within <paramref name="traceId"/>.</summary>
    private static List<string> Ancestry(IReadOnlyList<ExportedSpan> spans, string traceId, string spanId)
    {
        var byId = spans.Where(s => s.TraceId == traceId).GroupBy(s => s.SpanId).ToDictionary(g => g.Key, g => g.First());
        var chain = new List<string>();
        for (var id = spanId; id.Length > 0 && !chain.Contains(id); id = byId.TryGetValue(id, out var s) ? s.ParentSpanId : "")
            chain.Add(id);
        return chain;
    }

    public async Task DisposeAsync()
    {
        await _sidecar.DisposeAsync();
        await _receiver.DisposeAsync();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}
