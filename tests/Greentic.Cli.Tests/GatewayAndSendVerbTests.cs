using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Greentic.Cli.Tests.Infrastructure;
using Greentic.Events.V1;
using Greentic.Provider.V1;
using Greentic.Providers.Channels;
using Greentic.TestSupport;
using Greentic.Types.V1;
using Grpc.Core;

namespace Greentic.Cli.Tests;

/// <summary>
/// <c>greentic up</c> with its gateway (real processes, free loopback ports): webhook URLs printed for tenant demo, a Telegram
/// update through the gateway into the demo event log (verified with the webhook secret the gateway reads under its own
/// role, deduplicated), gRPC proxied through the gateway, and <c>greentic send</c> replying to that event.
/// </summary>
public sealed class GatewayAndSendVerbTests : IAsyncLifetime
{
    private const string TelegramSecret = "tg-webhook-secret-123";
    private readonly TempDirectory _dir = new();
    private GreenticUpProcess _up = null!;
    private string _webhooks = "";
    private string _gatewayGrpc = "";

    public async Task InitializeAsync()
    {
        _webhooks = $"http://127.0.0.1:{FreePort.Next()}";
        _gatewayGrpc = $"http://127.0.0.1:{FreePort.Next()}";
        _up = await GreenticUpProcess.StartAsync(Path.Combine(_dir.Path, "data"), grpcAddress: $"http://127.0.0.1:{FreePort.Next()}", sidecar: true,
            extraArgs: ["--gateway-http", _webhooks, "--gateway-grpc", _gatewayGrpc]);
    }

    public async Task DisposeAsync()
    {
        await _up.DisposeAsync();
        _dir.Dispose();
    }

    private Task<ProcessResult> Cli(params string[] args) =>
        ProcessRunner.RunAsync(RepoPaths.Dotnet, [RepoPaths.GreenticDll, .. args, "--address", _up.GrpcAddress, "--data-dir", _up.DataDir], _dir.Path);

    private static HttpRequestMessage Update(string url, int updateId, string? secret)
    {
        var update = new JsonObject
        {
            ["update_id"] = updateId,
            ["message"] = new JsonObject
            {
                ["message_id"] = 77, ["date"] = 1_700_000_000, ["text"] = "hi from telegram",
                ["from"] = new JsonObject { ["id"] = 555, ["is_bot"] = false, ["first_name"] = "Ada" },
                ["chat"] = new JsonObject { ["id"] = 4242, ["type"] = "private" },
            },
        };
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(update.ToJsonString(), Encoding.UTF8, "application/json") };
        if (secret is not null) request.Headers.Add("X-Telegram-Bot-Api-Secret-Token", secret);
        return request;
    }

    [Fact]
    public async Task Up_starts_the_gateway_prints_webhook_urls_and_a_telegram_update_becomes_one_event_that_send_replies_to()
    {
        var telegramUrl = $"{_webhooks}/messaging/telegram/webhook/demo";
        Assert.Contains(telegramUrl, _up.Output);
        Assert.Contains($"{_webhooks}/slack/events/demo", _up.Output);
        Assert.True(File.Exists(Path.Combine(_up.DataDir, "gateway-token.txt")));

        var set = await Cli("secrets", "set", "TELEGRAM_WEBHOOK_SECRET_TOKEN", TelegramSecret);
        Assert.True(set.ExitCode == 0, set.ToString());

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        using (var forged = await http.SendAsync(Update(telegramUrl, 9001, "wrong-secret")))
            Assert.True(forged.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden, $"{forged.StatusCode}\n{_up.Output}");
        using (var first = await http.SendAsync(Update(telegramUrl, 9001, TelegramSecret)))
            Assert.True(first.StatusCode == HttpStatusCode.OK, $"{first.StatusCode}: {await first.Content.ReadAsStringAsync()}\n{_up.Output}");
        using (var replay = await http.SendAsync(Update(telegramUrl, 9001, TelegramSecret)))
            Assert.Equal(HttpStatusCode.OK, replay.StatusCode);

        using var channel = _up.Channel();
        var bearer = new Metadata { { "authorization", "Bearer " + _up.Token() } };
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var stream = new EventsService.EventsServiceClient(channel.Invoker).Subscribe(
            new SubscribeRequest { Ctx = new TenantCtx { Env = "dev", Tenant = "demo" } }, new CallOptions(bearer, DateTime.UtcNow.AddSeconds(90), cts.Token));
        var head = (await stream.ResponseHeadersAsync).GetValue("greentic-events-head");
        var events = new List<SubscribeResponse>();
        while (await stream.ResponseStream.MoveNext(cts.Token))
        {
            events.Add(stream.ResponseStream.Current);
            if (stream.ResponseStream.Current.Cursor == head) break;
        }
        cts.Cancel();
        var ingress = Assert.Single(events); // the replayed update was deduplicated, the forged one never dispatched
        Assert.StartsWith("messaging.telegram.bot:", ingress.Event.Id);
        Assert.Contains("hi from telegram", ingress.Event.PayloadJson.ToStringUtf8());

        var reply = await Cli("send", "messaging.dummy", "hello back", "--reply-to", ingress.Event.Id);
        Assert.True(reply.ExitCode == 0, reply.ToString());
        Assert.Contains("sent after 1 attempt(s)", reply.Stdout);
        var unknown = await Cli("send", "messaging.dummy", "hello", "--reply-to", "messaging.telegram.bot:nope:0");
        Assert.True(unknown.ExitCode == 2, unknown.ToString());
        Assert.Contains("no event 'messaging.telegram.bot:nope:0'", unknown.Stderr);
    }

    /// <summary>The gateway probes the control plane's gRPC health; at start the replica may still be marked down.</summary>
    private async Task WaitForHealthyReplicaAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddSeconds(90);
        var status = "";
        while (DateTime.UtcNow < deadline)
        {
            status = await http.GetStringAsync($"{_webhooks}/admin/gateway/status");
            if (JsonNode.Parse(status)!["clusters"]![0]!["destinations"]![0]!["active"]!.ToString() == "Healthy") return;
            await Task.Delay(250);
        }
        Assert.Fail("the gateway never saw the control plane healthy: " + status);
    }

    [Fact]
    public async Task Grpc_through_the_gateway_reaches_the_control_plane_and_send_reports_failures_with_exit_1()
    {
        await WaitForHealthyReplicaAsync();
        using var viaGateway = TargetChannel.Create(_gatewayGrpc);
        var bearer = new Metadata { { "authorization", "Bearer " + _up.Token() } };
        var answer = await new ProviderService.ProviderServiceClient(viaGateway.Invoker).InvokeAsync(new InvokeRequest
        {
            Ctx = new TenantCtx { Env = "dev", Tenant = "demo" }, ProviderType = "echo", Op = "echo", InputJson = Google.Protobuf.ByteString.CopyFromUtf8("""{"via":"gateway"}"""),
        }, new CallOptions(bearer, DateTime.UtcNow.AddSeconds(60)));
        Assert.Contains("gateway", answer.OutputJson.ToStringUtf8());

        var sent = await Cli("send", "messaging.dummy", "plain text", "--to", "chat-1", "--job-id", "cli-job-1");
        Assert.True(sent.ExitCode == 0, sent.ToString());
        Assert.Contains("job cli-job-1: sent", sent.Stdout);
        var noRoute = await Cli("send", "messaging.nowhere", "x", "--to", "chat-1");
        Assert.True(noRoute.ExitCode == 1, noRoute.ToString());
        Assert.Contains("NOT_FOUND", noRoute.Stderr);
        var missingFile = await Cli("send", "messaging.dummy", "@/no/such/envelope.json");
        Assert.True(missingFile.ExitCode == 2, missingFile.ToString());
    }

    [Fact]
    public async Task The_gateway_verb_runs_the_gateway_from_configuration()
    {
        var port = FreePort.Next();
        var info = ProcessRunner.StartInfo(RepoPaths.Dotnet, [RepoPaths.GreenticDll, "gateway",
            $"--Greentic:Gateway:Listen:0:Url=http://127.0.0.1:{port}", "--Greentic:Gateway:Listen:0:Protocols=Http1",
            $"--Greentic:Gateway:Listen:1:Url=http://127.0.0.1:{FreePort.Next()}", "--Greentic:Gateway:Listen:1:Protocols=Http2",
            $"--Greentic:Gateway:ControlPlane:Address={_up.GrpcAddress}",
            $"--Greentic:Gateway:Dedupe:SqlitePath={Path.Combine(_dir.Path, "gw-dedupe.db")}"], _dir.Path, null);
        using var process = ProcessRunner.Start(info, "greentic gateway");
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            var deadline = DateTime.UtcNow.AddSeconds(90);
            string? body = null;
            while (body is null && DateTime.UtcNow < deadline && !process.HasExited)
            {
                try { body = await http.GetStringAsync($"http://127.0.0.1:{port}/healthz"); }
                catch (HttpRequestException) { await Task.Delay(200); }
            }
            Assert.Equal("ok", body);
        }
        finally
        {
            ProcessRunner.Kill(process);
            await process.WaitForExitAsync();
        }
    }
}
