using System.Diagnostics.Metrics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Greentic.ControlPlane.Telemetry;
using Greentic.Events.V1;
using Greentic.Messaging.V1;
using Greentic.Providers.Channels;
using Greentic.TestSupport;
using Greentic.Types.V1;
using Grpc.Core;

namespace Greentic.Gateway.Tests.EndToEnd;

/// <summary>
/// A Telegram update posted to the gateway reaches upstream's telegram component (<c>ingest_http</c>, in process in the control
/// plane), comes out on an <c>EventsService.Subscribe</c> stream, and a reply through <c>MessagingService.Send</c> arrives at the
/// fake Bot API as <c>sendMessage</c>; a replayed update is one event, a forged one never reaches the provider.
/// </summary>
public sealed class TelegramEndToEndTests(TelegramControlPlane cp) : IClassFixture<TelegramControlPlane>
{
    private const string Tenant = TelegramControlPlane.Tenant;

    private static string Update(int updateId, string text) => new JsonObject
    {
        ["update_id"] = updateId,
        ["message"] = new JsonObject
        {
            ["message_id"] = 77, ["date"] = 1_700_000_000, ["text"] = text,
            ["from"] = new JsonObject { ["id"] = 555, ["is_bot"] = false, ["first_name"] = "Ada" },
            ["chat"] = new JsonObject { ["id"] = 4242, ["type"] = "private" },
        },
    }.ToJsonString();

    private async Task<HttpResponseMessage> PostAsync(string body, string? secret)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/messaging/telegram/webhook/{Tenant}") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (secret is not null) request.Headers.Add("X-Telegram-Bot-Api-Secret-Token", secret);
        return await cp.Gateway.Http.SendAsync(request);
    }

    private CallOptions AsTenant(CancellationToken cancellationToken = default) =>
        new(InProcessControlPlane.Bearer(cp.Token(Tenant)), DateTime.UtcNow.AddSeconds(90), cancellationToken);

    [Fact]
    public async Task An_update_becomes_one_event_and_the_reply_reaches_the_bot_api_as_sendMessage()
    {
        var ingestCalls = 0;
        var ops = new List<string>();
        using var meter = new MeterListener();
        meter.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == ControlPlaneTelemetry.SourceName && instrument.Name == "greentic.provider.calls") listener.EnableMeasurementEvents(instrument);
        };
        meter.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            string? tenant = null, op = null;
            foreach (var tag in tags)
            {
                if (tag.Key == ControlPlaneTelemetry.Tenant) tenant = tag.Value as string;
                if (tag.Key == ControlPlaneTelemetry.Op) op = tag.Value as string;
            }
            if (tenant == Tenant) lock (ops) ops.Add(op ?? "");
            if (tenant == Tenant && op == "ingest_http") Interlocked.Add(ref ingestCalls, (int)value);
        });
        meter.Start();

        var update = Update(700001, "ping from telegram");
        using (var forged = await PostAsync(update, "not-the-secret"))
            Assert.True(forged.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden, $"{forged.StatusCode}");
        using (var missing = await PostAsync(update, null))
            Assert.True(missing.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden, $"{missing.StatusCode}");
        Assert.Equal(0, Volatile.Read(ref ingestCalls));

        using (var first = await PostAsync(update, TelegramControlPlane.WebhookSecret))
            Assert.True(first.StatusCode == HttpStatusCode.OK, $"{first.StatusCode}: {await first.Content.ReadAsStringAsync()}\n{cp.Gateway.Logs}");
        using (var replay = await PostAsync(update, TelegramControlPlane.WebhookSecret))
            Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.True(Volatile.Read(ref ingestCalls) == 1, $"provider calls of the tenant: {string.Join(", ", ops)}");

        using var channel = TargetChannel.Create(cp.GrpcTcpAddress);
        var ingress = Assert.Single(await ReadAllAsync(channel));
        Assert.StartsWith("messaging.telegram.bot:", ingress.Event.Id);
        var envelope = JsonNode.Parse(ingress.Event.PayloadJson.ToStringUtf8())!.AsObject();
        Assert.Equal("ping from telegram", (string?)envelope["text"]);
        Assert.Equal("4242", (string?)envelope["session_id"]);
        Assert.Equal("4242", (string?)envelope["to"]![0]!["id"]);
        Assert.Equal(Tenant, (string?)envelope["tenant"]!["tenant"]);

        // Reply: the ingress envelope, with our text, through render_plan → encode → send_payload.
        envelope["id"] = "reply-1";
        envelope["text"] = "pong from greentic";
        var before = cp.BotApi.Requests.Count;
        var sent = await new MessagingService.MessagingServiceClient(channel.Invoker).SendAsync(new SendRequest
        {
            Ctx = new TenantCtx { Env = "dev", Tenant = Tenant },
            ProviderType = "messaging.telegram.bot",
            EnvelopeJson = ByteString.CopyFromUtf8(envelope.ToJsonString()),
            ReplyScope = new ReplyScope { Conversation = "4242", ReplyTo = "77" },
        }, AsTenant());
        Assert.True(sent.Ok, sent.ToString());
        Assert.Equal(1u, sent.Attempts);
        Assert.Equal(Tier.D, sent.Tier);
        var seen = Assert.Single(cp.BotApi.Requests.Skip(before));
        Assert.Equal(("POST", $"/bot{FakeTelegramBotApi.Token}/sendMessage"), (seen.Method, seen.Path));
        var body = JsonNode.Parse(seen.Body)!;
        Assert.Equal("4242", body["chat_id"]!.ToString());
        Assert.Equal("pong from greentic", (string?)body["text"]);
    }

    [Fact]
    public async Task A_send_the_bot_api_refuses_is_a_dead_letter_the_tenants_admin_can_list()
    {
        using var channel = TargetChannel.Create(cp.GrpcTcpAddress);
        var client = new MessagingService.MessagingServiceClient(channel.Invoker);
        var envelope = new ChannelMessage { Id = "no-dest", Channel = "telegram", SessionId = "", Text = "nowhere to go" };
        var sent = await client.SendAsync(new SendRequest { Ctx = new TenantCtx { Env = "dev", Tenant = Tenant }, ProviderType = "messaging.telegram.bot", Envelope = envelope }, AsTenant());
        Assert.False(sent.Ok);
        Assert.Contains("destination required", sent.Error.Message + sent.ResultJson.ToStringUtf8());
        Assert.True(sent.HasDeadLetterId);
        var admin = new CallOptions(InProcessControlPlane.Bearer(cp.Token(Tenant, "admin")), DateTime.UtcNow.AddSeconds(60));
        var letters = await client.ListDeadLettersAsync(new ListDeadLettersRequest { Ctx = new TenantCtx { Env = "dev", Tenant = Tenant }, ProviderType = "messaging.telegram.bot" }, admin);
        Assert.Contains(letters.DeadLetters, l => l.Id == sent.DeadLetterId && l.Provider == "messaging.telegram.bot");
    }

    /// <summary>Every event of the tenant's log, read up to the head the stream announces.</summary>
    private async Task<List<SubscribeResponse>> ReadAllAsync(TargetChannel channel)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var call = new EventsService.EventsServiceClient(channel.Invoker).Subscribe(
            new SubscribeRequest { Ctx = new TenantCtx { Env = "dev", Tenant = Tenant }, Start = StartPosition.Earliest }, AsTenant(cts.Token));
        var head = (await call.ResponseHeadersAsync).GetValue("greentic-events-head");
        var events = new List<SubscribeResponse>();
        while (events.LastOrDefault()?.Cursor != head && await call.ResponseStream.MoveNext(cts.Token)) events.Add(call.ResponseStream.Current);
        cts.Cancel();
        return events;
    }
}
