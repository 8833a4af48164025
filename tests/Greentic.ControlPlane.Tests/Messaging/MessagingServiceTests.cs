using System.Text;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Greentic.ControlPlane.Auth;
using Greentic.Messaging.V1;
using Greentic.Providers;
using Grpc.Core;

namespace Greentic.ControlPlane.Tests.Messaging;

/// <summary>MessagingService on a real control plane: the pipeline's steps and inputs, retries, dead letters, jobs, refusals.</summary>
public sealed class MessagingServiceTests(MessagingControlPlane cp) : IClassFixture<MessagingControlPlane>
{
    private static string NewTenant() => "ms" + Guid.NewGuid().ToString("N")[..10];

    private static JsonObject Retryable(ulong? backoffMs = null) => ProviderJson.Failure("unavailable", "platform said 503", retryable: true, backoffMs);

    private List<TimeSpan> DrainDelays()
    {
        var list = new List<TimeSpan>();
        while (cp.Delays.Delays.TryDequeue(out var d)) list.Add(d);
        return list;
    }

    [Fact]
    public async Task Send_runs_render_plan_then_encode_of_the_plan_output_then_send_payload_with_tenant_and_reply_scope()
    {
        var tenant = NewTenant();
        using var channel = cp.Channel();
        var request = new SendRequest
        {
            Ctx = MessagingControlPlane.Ctx(tenant), ProviderType = ScriptedMessagingProvider.Type, Envelope = MessagingControlPlane.Message("hello"),
            ReplyScope = new ReplyScope { Conversation = "chat-42", ReplyTo = "77" },
        };
        var response = await cp.Client(channel).SendAsync(request, cp.As(tenant));

        Assert.True(response.Ok, response.ToString());
        Assert.Equal(1u, response.Attempts);
        Assert.Equal(Tier.D, response.Tier);
        Assert.Equal("buttons-dropped", Assert.Single(response.Warnings).Code);
        Assert.Equal("sent-1", response.Message);
        Assert.StartsWith("job-", response.JobId);
        Assert.False(response.HasDeadLetterId);

        var calls = cp.Provider.For(tenant).Snapshot();
        Assert.Equal(["render_plan", "encode", "send_payload"], calls.Select(c => c.Op));
        var (_, render) = calls[0];
        Assert.Equal(1, (int)render["v"]!);
        Assert.Equal("hello", (string?)render["message"]!["text"]);
        Assert.Equal(tenant, (string?)render["message"]!["tenant"]!["tenant"]);
        Assert.Equal("dev", (string?)render["message"]!["tenant"]!["env"]);
        // encode gets the render_plan OUTPUT as plan, not plan_json.
        var renderOutput = ScriptedMessagingProvider.Default("render_plan", render);
        Assert.True(JsonNode.DeepEquals(renderOutput, calls[1].Input["plan"]), calls[1].Input.ToJsonString());
        var send = calls[2].Input;
        Assert.Equal(ScriptedMessagingProvider.Type, (string?)send["provider_type"]);
        Assert.Equal(Convert.ToBase64String(Encoding.UTF8.GetBytes("hello")), (string?)send["payload"]!["body_b64"]);
        Assert.Equal(tenant, (string?)send["tenant"]!["tenant"]);
        Assert.Equal("chat-42", (string?)send["reply_scope"]!["conversation"]);
        Assert.Equal("77", (string?)send["reply_scope"]!["reply_to"]);
    }

    [Fact]
    public async Task Retryable_send_failures_are_retried_with_doubling_backoff_and_earlier_steps_are_not_repeated()
    {
        var tenant = NewTenant();
        cp.Provider.For(tenant).Answer = (op, _, i) => op == "send_payload" && i < 2 ? Retryable() : null;
        using var channel = cp.Channel();
        DrainDelays();
        var response = await cp.Client(channel).SendAsync(new SendRequest { Ctx = MessagingControlPlane.Ctx(tenant), ProviderType = ScriptedMessagingProvider.Type, Envelope = MessagingControlPlane.Message("x") }, cp.As(tenant));

        Assert.True(response.Ok, response.ToString());
        Assert.Equal(3u, response.Attempts);
        Assert.Equal(["render_plan", "encode", "send_payload", "send_payload", "send_payload"], cp.Provider.For(tenant).Snapshot().Select(c => c.Op));
        var delays = DrainDelays();
        Assert.Equal(2, delays.Count);
        Assert.InRange(delays[0].TotalMilliseconds, 500, 750);
        Assert.InRange(delays[1].TotalMilliseconds, 1000, 1250);
    }

    [Fact]
    public async Task An_explicit_backoff_ms_wins_and_exhausted_attempts_append_a_dead_letter_with_upstreams_record()
    {
        var tenant = NewTenant();
        cp.Provider.For(tenant).Answer = (op, _, i) => op == "send_payload" ? Retryable(i == 0 ? 1234UL : null) : null;
        using var channel = cp.Channel();
        var client = cp.Client(channel);
        DrainDelays();
        var ctx = MessagingControlPlane.Ctx(tenant);
        ctx.CorrelationId = "corr-9";
        var response = await client.SendAsync(new SendRequest { Ctx = ctx, ProviderType = ScriptedMessagingProvider.Type, Envelope = MessagingControlPlane.Message("will fail"), JobId = "job-a" }, cp.As(tenant));

        Assert.False(response.Ok);
        Assert.Equal(5u, response.Attempts);
        Assert.Equal("unavailable", response.Error.Code);
        Assert.True(response.Error.Retryable);
        Assert.True(response.HasDeadLetterId);
        var delays = DrainDelays().Select(d => d.TotalMilliseconds).ToList();
        Assert.Equal(4, delays.Count);
        Assert.Equal(1234, delays[0]);
        Assert.InRange(delays[1], 1000, 1250);
        Assert.InRange(delays[2], 2000, 2250);
        Assert.InRange(delays[3], 4000, 4250);

        var listed = await client.ListDeadLettersAsync(new ListDeadLettersRequest { Ctx = MessagingControlPlane.Ctx(tenant) }, cp.As(tenant, GreenticRoles.Admin));
        var letter = Assert.Single(listed.DeadLetters);
        Assert.Equal(response.DeadLetterId, letter.Id);
        Assert.Equal("job-a", letter.JobId);
        Assert.Equal(ScriptedMessagingProvider.Type, letter.Provider);
        Assert.Equal(tenant, letter.Tenant);
        Assert.Equal("chat-42", letter.SessionId);
        Assert.Equal("corr-9", letter.CorrelationId);
        Assert.Equal((5u, 5u), (letter.Attempt, letter.MaxAttempts));
        Assert.Equal("unavailable", letter.NodeError.Code);
        Assert.Contains("will fail", letter.MessageSummary);
        Assert.Equal("will fail", (string?)JsonNode.Parse(letter.EnvelopeJson.ToStringUtf8())!["text"]);
        Assert.NotNull(letter.Ts);
    }

    [Fact]
    public async Task A_non_retryable_failure_is_final_at_once_and_max_attempts_caps_the_budget()
    {
        var tenant = NewTenant();
        cp.Provider.For(tenant).Answer = (op, _, _) => op == "encode" ? ProviderJson.Failure("invalid-input", "cannot encode", retryable: false) : null;
        using var channel = cp.Channel();
        var client = cp.Client(channel);
        var response = await client.SendAsync(new SendRequest { Ctx = MessagingControlPlane.Ctx(tenant), ProviderType = ScriptedMessagingProvider.Type, Envelope = MessagingControlPlane.Message("x") }, cp.As(tenant));
        Assert.False(response.Ok);
        Assert.Equal(1u, response.Attempts);
        Assert.Equal("invalid-input", response.Error.Code);
        Assert.True(response.HasDeadLetterId);

        var other = NewTenant();
        cp.Provider.For(other).Answer = (op, _, _) => op == "send_payload" ? Retryable() : null;
        var capped = await client.SendAsync(new SendRequest { Ctx = MessagingControlPlane.Ctx(other), ProviderType = ScriptedMessagingProvider.Type, Envelope = MessagingControlPlane.Message("x"), MaxAttempts = 2 }, cp.As(other));
        Assert.Equal(2u, capped.Attempts);
    }

    [Fact]
    public async Task A_repeated_job_id_returns_the_first_outcome_without_sending_twice()
    {
        var tenant = NewTenant();
        using var channel = cp.Channel();
        var client = cp.Client(channel);
        var request = new SendRequest { Ctx = MessagingControlPlane.Ctx(tenant), ProviderType = ScriptedMessagingProvider.Type, Envelope = MessagingControlPlane.Message("once"), JobId = "job-once" };
        var first = await client.SendAsync(request, cp.As(tenant));
        var second = await client.SendAsync(request, cp.As(tenant));
        Assert.Equal(first, second);
        Assert.Equal(1, cp.Provider.For(tenant).Snapshot().Count(c => c.Op == "send_payload"));
    }

    [Fact]
    public async Task Dead_letters_replay_after_the_provider_recovers_and_delete_and_need_the_admin_role_of_their_tenant()
    {
        var tenant = NewTenant();
        var broken = true;
        cp.Provider.For(tenant).Answer = (op, _, _) => op == "send_payload" && broken ? ProviderJson.Failure("unauthenticated", "bad token", retryable: false) : null;
        using var channel = cp.Channel();
        var client = cp.Client(channel);
        var a = await client.SendAsync(new SendRequest { Ctx = MessagingControlPlane.Ctx(tenant), ProviderType = ScriptedMessagingProvider.Type, Envelope = MessagingControlPlane.Message("first") }, cp.As(tenant));
        var b = await client.SendAsync(new SendRequest { Ctx = MessagingControlPlane.Ctx(tenant), ProviderType = ScriptedMessagingProvider.Type, Envelope = MessagingControlPlane.Message("second") }, cp.As(tenant));
        var admin = cp.As(tenant, GreenticRoles.Admin);

        var notAdmin = await Assert.ThrowsAsync<RpcException>(async () => await client.ListDeadLettersAsync(new ListDeadLettersRequest { Ctx = MessagingControlPlane.Ctx(tenant) }, cp.As(tenant)));
        Assert.Equal(StatusCode.PermissionDenied, notAdmin.StatusCode);
        Assert.Contains("requires role 'admin'", notAdmin.Status.Detail);
        var otherAdmin = NewTenant();
        var foreign = await client.ListDeadLettersAsync(new ListDeadLettersRequest { Ctx = MessagingControlPlane.Ctx(otherAdmin) }, cp.As(otherAdmin, GreenticRoles.Admin));
        Assert.Empty(foreign.DeadLetters);
        var foreignReplay = await Assert.ThrowsAsync<RpcException>(async () => await client.ReplayDeadLetterAsync(new ReplayDeadLetterRequest { Ctx = MessagingControlPlane.Ctx(otherAdmin), Id = a.DeadLetterId }, cp.As(otherAdmin, GreenticRoles.Admin)));
        Assert.Equal(StatusCode.NotFound, foreignReplay.StatusCode);

        var page1 = await client.ListDeadLettersAsync(new ListDeadLettersRequest { Ctx = MessagingControlPlane.Ctx(tenant), PageSize = 1 }, admin);
        Assert.Equal(b.DeadLetterId, Assert.Single(page1.DeadLetters).Id); // newest first
        var page2 = await client.ListDeadLettersAsync(new ListDeadLettersRequest { Ctx = MessagingControlPlane.Ctx(tenant), PageSize = 1, PageToken = page1.NextPageToken }, admin);
        Assert.Equal(a.DeadLetterId, Assert.Single(page2.DeadLetters).Id);
        Assert.Equal("", page2.NextPageToken);

        var stillBroken = await client.ReplayDeadLetterAsync(new ReplayDeadLetterRequest { Ctx = MessagingControlPlane.Ctx(tenant), Id = a.DeadLetterId }, admin);
        Assert.False(stillBroken.Result.Ok);
        Assert.Equal(a.DeadLetterId, stillBroken.Result.DeadLetterId);

        broken = false;
        var replayed = await client.ReplayDeadLetterAsync(new ReplayDeadLetterRequest { Ctx = MessagingControlPlane.Ctx(tenant), Id = a.DeadLetterId }, admin);
        Assert.True(replayed.Result.Ok);
        Assert.Equal("first", Encoding.UTF8.GetString(Convert.FromBase64String((string)cp.Provider.For(tenant).Snapshot()[^1].Input["payload"]!["body_b64"]!)));
        var left = await client.ListDeadLettersAsync(new ListDeadLettersRequest { Ctx = MessagingControlPlane.Ctx(tenant) }, admin);
        Assert.Equal(b.DeadLetterId, Assert.Single(left.DeadLetters).Id);

        var deleted = await client.DeleteDeadLettersAsync(new DeleteDeadLettersRequest { Ctx = MessagingControlPlane.Ctx(tenant), Ids = { b.DeadLetterId, "no-such-id" } }, admin);
        Assert.Equal(1u, deleted.Deleted);
        Assert.Empty((await client.ListDeadLettersAsync(new ListDeadLettersRequest { Ctx = MessagingControlPlane.Ctx(tenant) }, admin)).DeadLetters);
    }

    [Fact]
    public async Task Bad_requests_are_refused_before_the_pipeline_and_a_forged_tenant_in_the_envelope_is_replaced()
    {
        var tenant = NewTenant();
        using var channel = cp.Channel();
        var client = cp.Client(channel);
        async Task<RpcException> Refused(SendRequest r) => await Assert.ThrowsAsync<RpcException>(async () => await client.SendAsync(r, cp.As(tenant)));

        var noProvider = await Refused(new SendRequest { Ctx = MessagingControlPlane.Ctx(tenant), Envelope = MessagingControlPlane.Message("x") });
        Assert.Equal((StatusCode.InvalidArgument, true), (noProvider.StatusCode, noProvider.Status.Detail.Contains("provider_type")));
        var noMessage = await Refused(new SendRequest { Ctx = MessagingControlPlane.Ctx(tenant), ProviderType = ScriptedMessagingProvider.Type });
        Assert.Equal(StatusCode.InvalidArgument, noMessage.StatusCode);
        var badJson = await Refused(new SendRequest { Ctx = MessagingControlPlane.Ctx(tenant), ProviderType = ScriptedMessagingProvider.Type, EnvelopeJson = ByteString.CopyFromUtf8("{oops") });
        Assert.Contains("not valid JSON", badJson.Status.Detail);
        var tooMany = await Refused(new SendRequest { Ctx = MessagingControlPlane.Ctx(tenant), ProviderType = ScriptedMessagingProvider.Type, Envelope = MessagingControlPlane.Message("x"), MaxAttempts = 9 });
        Assert.Contains("max_attempts", tooMany.Status.Detail);
        var noRoute = await Refused(new SendRequest { Ctx = MessagingControlPlane.Ctx(tenant), ProviderType = "messaging.nowhere", Envelope = MessagingControlPlane.Message("x") });
        Assert.Equal(StatusCode.NotFound, noRoute.StatusCode);
        Assert.Contains("no route", noRoute.Status.Detail);
        var otherTenant = await Assert.ThrowsAsync<RpcException>(async () => await client.SendAsync(
            new SendRequest { Ctx = MessagingControlPlane.Ctx("globex"), ProviderType = ScriptedMessagingProvider.Type, Envelope = MessagingControlPlane.Message("x") }, cp.As(tenant)));
        Assert.Equal(StatusCode.PermissionDenied, otherTenant.StatusCode);
        Assert.Empty(cp.Provider.For(tenant).Snapshot());

        var forged = new JsonObject { ["id"] = "m1", ["channel"] = "scripted", ["session_id"] = "s", ["text"] = "hi", ["tenant"] = new JsonObject { ["tenant"] = "globex", ["env"] = "dev" } };
        var sent = await client.SendAsync(new SendRequest { Ctx = MessagingControlPlane.Ctx(tenant), ProviderType = ScriptedMessagingProvider.Type, EnvelopeJson = ByteString.CopyFromUtf8(forged.ToJsonString()) }, cp.As(tenant));
        Assert.True(sent.Ok);
        Assert.Equal(tenant, (string?)cp.Provider.For(tenant).Snapshot()[0].Input["message"]!["tenant"]!["tenant"]);
        Assert.Empty(cp.Provider.For("globex").Snapshot());
    }
}
