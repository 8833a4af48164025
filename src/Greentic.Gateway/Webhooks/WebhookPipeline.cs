using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Greentic.Gateway.Dedupe;
using Greentic.Gateway.Dispatch;
using Greentic.Gateway.Envelope;
using Greentic.Gateway.Events;
using Greentic.Gateway.Hosting;
using Greentic.Gateway.Tenancy;
using Greentic.Gateway.Webhooks.Secrets;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Greentic.Gateway.Webhooks;

/// <summary>
/// Handles one platform webhook, in this order:
/// <list type="number">
/// <item>Route: tenant and team from the path (refused with 400 unless they are valid identifiers).</item>
/// <item>Body: read once, at most <c>Webhooks:MaxBodyBytes</c> (413 beyond).</item>
/// <item>Verify: the adapter's signature/token/JWT check (401/403); nothing below runs for a forged, unsigned,
/// replayed or stale request.</item>
/// <item>Parse: handshakes are answered here; a malformed body gets 400 with the reason.</item>
/// <item>Dedupe: claim the delivery id in the shared store; a repeat gets the platform's acknowledgement (or the
/// first response, for Idempotency-Key) and is not dispatched again.</item>
/// <item>Dispatch: with an <c>ingest_http</c> binding, <c>HttpInV1</c> → <c>ProviderService.Invoke</c> → the
/// <c>HttpOutV1</c> is the platform's answer and its events go on; without one, the canonical envelopes are the
/// events and the adapter acknowledges. Provider failures become 502/504; the claim is released so the
/// platform's retry is processed.</item>
/// <item>Events: published to the tenant's log (<see cref="IEventSink"/>); then the claim is completed.</item>
/// </list>
/// </summary>
internal sealed class WebhookPipeline(
    IDedupeStore dedupe,
    IProviderIngress ingress,
    IEventSink events,
    IOptionsMonitor<GatewayOptions> options,
    TimeProvider time,
    ILogger<WebhookPipeline> logger)
{
    public const string CorrelationHeader = "x-correlation-id";
    public const string ChannelMessageEventType = "greentic.messaging.channel-message.v1";
    public const string CanonicalEnvelopeEventType = "greentic.messaging.canonical-envelope.v1";
    public const string IngressTopic = "messaging.ingress";

    public async Task HandleAsync(HttpContext context, IWebhookAdapter adapter, string? handler)
    {
        var o = options.CurrentValue;
        var cancellationToken = context.RequestAborted;

        // 1. Route.
        var tenant = context.Request.RouteValues.TryGetValue("tenant", out var t) && t is string pathTenant ? pathTenant : o.DefaultTenant;
        var team = context.Request.RouteValues.TryGetValue("team", out var tm) && tm is string pathTeam && pathTeam.Length > 0 ? pathTeam : null;
        if (!TenantName.IsValid(tenant) || (team is not null && !TenantName.IsValid(team)))
        {
            await ReplyAsync(context, Error(StatusCodes.Status400BadRequest,
                $"tenant '{TenantName.Sanitize(tenant)}'{(team is null ? "" : $" / team '{TenantName.Sanitize(team)}'")} is not valid: use 1-63 letters, digits, '_' or '-'"));
            return;
        }
        var providerType = o.Webhooks.ProviderTypes.TryGetValue(adapter.Name, out var configured) ? configured : adapter.DefaultProviderType;

        // 2. Body.
        var body = await ReadBodyAsync(context.Request, o.Webhooks.MaxBodyBytes, cancellationToken);
        if (body is null)
        {
            await Refuse(context, adapter, tenant, StatusCodes.Status413PayloadTooLarge, $"the body exceeds {o.Webhooks.MaxBodyBytes} bytes (Greentic:Gateway:Webhooks:MaxBodyBytes)");
            return;
        }
        var request = new WebhookRequest(adapter.Name, providerType, o.Env, tenant, team, handler, context.Request.Method,
            context.Request.Path.Value ?? "/", context.Request.Query, context.Request.Headers, body,
            context.Connection.RemoteIpAddress?.ToString(), time.GetUtcNow());

        // 3. Verify.
        WebhookVerdict verdict;
        try
        {
            verdict = await adapter.VerifyAsync(request, cancellationToken);
        }
        catch (WebhookSecretsUnavailableException ex)
        {
            await Fail(context, adapter, tenant, StatusCodes.Status503ServiceUnavailable, "the tenant's webhook secrets cannot be read right now; retry later", ex.Message);
            return;
        }
        if (!verdict.Admitted)
        {
            await Refuse(context, adapter, tenant, verdict.Status, verdict.Reason ?? "refused");
            return;
        }

        // 4. Parse.
        WebhookParse.Delivery delivery;
        switch (adapter.Parse(request))
        {
            case WebhookParse.Handshake handshake:
                await ReplyAsync(context, handshake.Reply);
                return;
            case WebhookParse.Malformed malformed:
                await Refuse(context, adapter, tenant, StatusCodes.Status400BadRequest, malformed.Reason);
                return;
            case WebhookParse.Delivery d:
                delivery = d;
                break;
            default:
                throw new InvalidOperationException("unknown parse result");
        }

        // 5. Dedupe.
        var dedupeKey = delivery.DedupeId is null ? null : DedupeKey(tenant, team, adapter.Name, delivery.DedupeId);
        if (dedupeKey is not null)
        {
            var claim = await dedupe.ClaimAsync(dedupeKey, o.Dedupe.InFlightLease, cancellationToken);
            if (claim.Outcome != DedupeOutcome.Claimed)
            {
                WebhookLog.Duplicate(logger, adapter.Name, tenant, delivery.DedupeId!, claim.Outcome == DedupeOutcome.Done ? "processed" : "in progress");
                await ReplyAsync(context, RepeatReply(adapter, request, claim));
                return;
            }
        }

        // 6 and 7. Dispatch and publish; release the claim on any failure so the platform's retry is processed.
        var correlationId = CorrelationId(context);
        WebhookReply reply;
        try
        {
            reply = await DispatchAsync(adapter, request, delivery, dedupeKey, correlationId, cancellationToken);
        }
        catch (Exception ex) when (ex is ProviderIngressException or EventSinkException or OperationCanceledException)
        {
            if (dedupeKey is not null) await dedupe.ReleaseAsync(dedupeKey, CancellationToken.None);
            if (ex is OperationCanceledException && cancellationToken.IsCancellationRequested) return;
            var status = ex is ProviderIngressException { Failure: ProviderIngressFailure.Timeout } or OperationCanceledException
                ? StatusCodes.Status504GatewayTimeout : StatusCodes.Status502BadGateway;
            await Fail(context, adapter, tenant, status, ex.Message, ex.Message);
            return;
        }
        if (dedupeKey is not null)
        {
            var keep = adapter.ReplaysFirstResponse && reply.Body.Length <= o.Dedupe.MaxStoredResponseBytes
                ? new DedupeResponse(reply.Status, reply.ContentType, reply.Body) : null;
            await dedupe.CompleteAsync(dedupeKey, keep, o.Dedupe.Ttl, CancellationToken.None);
        }
        await ReplyAsync(context, reply);
    }

    private async Task<WebhookReply> DispatchAsync(IWebhookAdapter adapter, WebhookRequest request, WebhookParse.Delivery delivery,
        string? dedupeKey, string correlationId, CancellationToken cancellationToken)
    {
        var first = delivery.Envelopes.FirstOrDefault();
        var target = new IngressTarget(request.Env, request.Tenant, request.Team, request.ProviderType, correlationId, first?.Session.Key, dedupeKey);
        var deliveryId = delivery.DedupeId ?? correlationId;
        var scope = new EventScope(request.Env, request.Tenant, request.Team, correlationId);
        WebhookReply reply;
        List<IngressEvent> produced;
        if (delivery.Envelopes.Count > 0 && await ingress.SupportsIngestHttpAsync(target, cancellationToken))
        {
            var output = await ingress.IngestHttpAsync(target, HttpIn(request), cancellationToken);
            reply = new WebhookReply(output.Status, ContentType(output.Headers), output.Body, ForwardableHeaders(output.Headers));
            produced = output.Events.Select((e, i) => new IngressEvent(
                $"{request.ProviderType}:{deliveryId}:{i}", IngressTopic, ChannelMessageEventType, $"greentic-gateway/{request.ProviderType}",
                first?.Session.Key, request.ReceivedAt, WithTenant(e, request), Metadata(request, first, dedupeKey, correlationId))).ToList();
        }
        else
        {
            reply = adapter.Acknowledge(request);
            produced = delivery.Envelopes.Select((e, i) => new IngressEvent(
                $"{request.ProviderType}:{deliveryId}:{i}", IngressTopic, CanonicalEnvelopeEventType, $"greentic-gateway/{request.ProviderType}",
                e.Session.Key, request.ReceivedAt, EnvelopeJson.Serialize(e), Metadata(request, e, dedupeKey, correlationId))).ToList();
        }
        await events.PublishAsync(scope, produced, cancellationToken);
        WebhookLog.Dispatched(logger, adapter.Name, request.Tenant, request.ProviderType,
            produced.Count > 0 && produced[0].Type == ChannelMessageEventType ? "ingest_http" : "publish", reply.Status, produced.Count);
        return reply;
    }

    /// <summary>The <c>ingest_http</c> input: the platform's request as received, minus credentials the gateway consumed.</summary>
    private static HttpInV1 HttpIn(WebhookRequest request) => new()
    {
        Provider = request.ProviderType,
        Route = request.Handler,
        TenantHint = request.Tenant,
        TeamHint = request.Team,
        Method = request.Method,
        Path = request.Path,
        Query = request.Query.SelectMany(q => q.Value.Select(v => new[] { q.Key, v ?? "" })).ToList(),
        Headers = request.Headers.Where(h => !EnvelopeBuilder.CredentialHeaders.Contains(h.Key))
            .SelectMany(h => h.Value.Select(v => new[] { h.Key.ToLowerInvariant(), v ?? "" })).ToList(),
        BodyB64 = Convert.ToBase64String(request.Body),
    };

    /// <summary>A provider's ChannelMessageEnvelope names the tenant it likes; the event carries the one the webhook was verified for.</summary>
    private static byte[] WithTenant(System.Text.Json.JsonElement envelope, WebhookRequest request)
    {
        var node = JsonNode.Parse(envelope.GetRawText())!.AsObject();
        var tenant = new JsonObject { ["env"] = request.Env, ["tenant"] = request.Tenant, ["tenant_id"] = request.Tenant, ["attempt"] = 0 };
        if (request.Team is not null)
        {
            tenant["team"] = request.Team;
            tenant["team_id"] = request.Team;
        }
        node["tenant"] = tenant;
        return Encoding.UTF8.GetBytes(node.ToJsonString());
    }

    private static Dictionary<string, string> Metadata(WebhookRequest request, CanonicalEnvelope? envelope, string? dedupeKey, string correlationId)
    {
        var metadata = new Dictionary<string, string>
        {
            ["provider_type"] = request.ProviderType,
            ["adapter"] = request.Adapter,
            ["correlation_id"] = correlationId,
        };
        if (envelope is not null) metadata["session_key"] = envelope.Session.Key;
        if (dedupeKey is not null) metadata["dedupe_key"] = dedupeKey;
        return metadata;
    }

    private static WebhookReply RepeatReply(IWebhookAdapter adapter, WebhookRequest request, DedupeClaimResult claim)
    {
        if (claim.Outcome == DedupeOutcome.Done)
        {
            return adapter.ReplaysFirstResponse && claim.Response is { } stored
                ? new WebhookReply(stored.Status, stored.ContentType, stored.Body)
                : adapter.Acknowledge(request);
        }
        // Still being processed elsewhere: make the platform come back rather than claim success that may not happen.
        return adapter.ReplaysFirstResponse
            ? Error(StatusCodes.Status409Conflict, "a request with this Idempotency-Key is still being processed; retry later")
            : Error(StatusCodes.Status503ServiceUnavailable, "this delivery is still being processed; retry later") with
            {
                Headers = [new("Retry-After", "5")],
            };
    }

    internal static string DedupeKey(string tenant, string? team, string adapter, string deliveryId)
    {
        var key = $"{tenant}/{team ?? "_"}/{adapter}/{deliveryId}";
        return key.Length <= 200 ? key : $"{tenant}/{team ?? "_"}/{adapter}/sha256:{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(deliveryId)))}";
    }

    private static string CorrelationId(HttpContext context)
    {
        var presented = context.Request.Headers[CorrelationHeader].ToString();
        return presented.Length is > 0 and <= 128 && presented.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':')
            ? presented
            : Guid.NewGuid().ToString("N");
    }

    private static string? ContentType(IReadOnlyList<KeyValuePair<string, string>> headers) =>
        headers.FirstOrDefault(h => h.Key.Equals("content-type", StringComparison.OrdinalIgnoreCase)).Value;

    private static readonly HashSet<string> NotForwarded = new(StringComparer.OrdinalIgnoreCase)
    {
        "content-type", "content-length", "transfer-encoding", "connection", "keep-alive", "upgrade", "te", "trailer", "proxy-connection", "set-cookie",
    };

    private static List<KeyValuePair<string, string>> ForwardableHeaders(IReadOnlyList<KeyValuePair<string, string>> headers) =>
        headers.Where(h => !NotForwarded.Contains(h.Key) && h.Key.All(c => c is > ' ' and < '\x7f' and not ':')
                           && h.Value.All(c => c >= ' ' && c != '\x7f')).ToList();

    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit) return null;
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > limit) return null;
        }
        return buffer.ToArray();
    }

    private Task Refuse(HttpContext context, IWebhookAdapter adapter, string tenant, int status, string reason)
    {
        WebhookLog.Refused(logger, adapter.Name, tenant, status, reason);
        return ReplyAsync(context, Error(status, reason));
    }

    private Task Fail(HttpContext context, IWebhookAdapter adapter, string tenant, int status, string shown, string logged)
    {
        WebhookLog.Failed(logger, adapter.Name, tenant, status, logged);
        return ReplyAsync(context, Error(status, shown));
    }

    private static WebhookReply Error(int status, string message) => WebhookReply.Json(status, new { error = message });

    private static async Task ReplyAsync(HttpContext context, WebhookReply reply)
    {
        var response = context.Response;
        response.StatusCode = reply.Status;
        foreach (var (name, value) in reply.Headers ?? []) response.Headers.Append(name, value);
        if (reply.ContentType is not null) response.ContentType = reply.ContentType;
        if (reply.Body.Length > 0)
        {
            response.ContentLength = reply.Body.Length;
            await response.Body.WriteAsync(reply.Body, context.RequestAborted);
        }
    }
}
