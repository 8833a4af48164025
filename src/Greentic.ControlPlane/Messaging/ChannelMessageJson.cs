using System.Text.Json;
using System.Text.Json.Nodes;
using Greentic.Messaging.V1;
using Greentic.Types.V1;
using Grpc.Core;

namespace Greentic.ControlPlane.Messaging;

/// <summary>
/// The upstream ChannelMessageEnvelope JSON a Send works on: built from the request's fields or parsed from its
/// <c>envelope_json</c>, with <c>tenant</c> always the authorized context (a sender cannot name another tenant).
/// A malformed message is INVALID_ARGUMENT naming the field.
/// </summary>
internal static class ChannelMessageJson
{
    public static JsonObject From(SendRequest request, TenantCtx ctx, string jobId, int maxBytes)
    {
        JsonObject message;
        switch (request.MessageCase)
        {
            case SendRequest.MessageOneofCase.Envelope:
                message = FromProto(request.Envelope);
                break;
            case SendRequest.MessageOneofCase.EnvelopeJson:
                if (request.EnvelopeJson.Length > maxBytes)
                    throw Invalid($"envelope_json is {request.EnvelopeJson.Length} bytes; at most {maxBytes} are accepted ({MessagingOptions.SectionName}:MaxEnvelopeBytes)");
                try
                {
                    message = JsonNode.Parse(request.EnvelopeJson.Span) as JsonObject ?? throw Invalid("envelope_json must be a JSON object (a ChannelMessageEnvelope)");
                }
                catch (JsonException e)
                {
                    throw Invalid($"envelope_json is not valid JSON: {e.Message}");
                }
                break;
            default:
                throw Invalid("the message is missing: set envelope (fields) or envelope_json");
        }
        if (message["id"] is not JsonValue id || id.ToString().Length == 0) message["id"] = jobId;
        if (message["channel"] is not JsonValue channel || channel.ToString().Length == 0) message["channel"] = request.ProviderType;
        message["session_id"] ??= message["to"] is JsonArray { Count: > 0 } to && to[0]?["id"] is { } first ? first.ToString() : "";
        message["to"] ??= new JsonArray();
        message["attachments"] ??= new JsonArray();
        message["metadata"] ??= new JsonObject();
        if (message["to"] is not JsonArray) throw Invalid("to must be an array of {id, kind?}");
        if (message["text"] is not (null or JsonValue) ) throw Invalid("text must be a string");
        if (message["text"] is null && message["attachments"] is JsonArray { Count: 0 })
            throw Invalid("the message has neither text nor attachments: nothing to send");
        message["tenant"] = TenantJson(ctx);
        var size = JsonSerializer.SerializeToUtf8Bytes(message).Length;
        if (size > maxBytes) throw Invalid($"the message is {size} bytes as JSON; at most {maxBytes} are accepted ({MessagingOptions.SectionName}:MaxEnvelopeBytes)");
        return message;
    }

    /// <summary>Upstream TenantCtx as the envelope carries it.</summary>
    public static JsonObject TenantJson(TenantCtx ctx)
    {
        var o = new JsonObject { ["env"] = ctx.Env, ["tenant"] = ctx.Tenant, ["tenant_id"] = string.IsNullOrEmpty(ctx.TenantId) ? ctx.Tenant : ctx.TenantId };
        if (ctx.HasTeam) { o["team"] = ctx.Team; o["team_id"] = ctx.HasTeamId ? ctx.TeamId : ctx.Team; }
        if (ctx.HasUser) { o["user"] = ctx.User; o["user_id"] = ctx.HasUserId ? ctx.UserId : ctx.User; }
        if (ctx.HasCorrelationId) o["correlation_id"] = ctx.CorrelationId;
        o["attempt"] = 0;
        return o;
    }

    /// <summary>send_payload's <c>tenant</c>: <c>{tenant, team?, user?, correlation_id?}</c>.</summary>
    public static JsonObject SendTenant(TenantCtx ctx, string? correlationId)
    {
        var o = new JsonObject { ["tenant"] = ctx.Tenant };
        if (ctx.HasTeam) o["team"] = ctx.Team;
        if (ctx.HasUser) o["user"] = ctx.User;
        if (correlationId is not null) o["correlation_id"] = correlationId;
        return o;
    }

    public static JsonObject ReplyScopeJson(ReplyScope scope)
    {
        var o = new JsonObject { ["conversation"] = scope.Conversation };
        if (scope.HasThread) o["thread"] = scope.Thread;
        if (scope.HasReplyTo) o["reply_to"] = scope.ReplyTo;
        if (scope.HasCorrelation) o["correlation"] = scope.Correlation;
        return o;
    }

    private static JsonObject FromProto(ChannelMessage m)
    {
        var o = new JsonObject { ["id"] = m.Id, ["channel"] = m.Channel, ["session_id"] = m.SessionId };
        if (m.ReplyScope is { } scope) o["reply_scope"] = ReplyScopeJson(scope);
        if (m.From is { } from) o["from"] = Actor(from.Id, from.HasKind ? from.Kind : null);
        o["to"] = new JsonArray(m.To.Select(d => (JsonNode?)Actor(d.Id, d.HasKind ? d.Kind : null)).ToArray());
        if (m.HasCorrelationId) o["correlation_id"] = m.CorrelationId;
        if (m.HasText) o["text"] = m.Text;
        o["attachments"] = new JsonArray(m.Attachments.Select(a =>
        {
            var j = new JsonObject { ["mime_type"] = a.MimeType, ["url"] = a.Url };
            if (a.HasName) j["name"] = a.Name;
            if (a.HasSizeBytes) j["size_bytes"] = a.SizeBytes;
            return (JsonNode?)j;
        }).ToArray());
        var metadata = new JsonObject();
        foreach (var (k, v) in m.Metadata) metadata[k] = v;
        o["metadata"] = metadata;
        if (m.ExtensionsJson.Length > 0)
        {
            try
            {
                o["extensions"] = JsonNode.Parse(m.ExtensionsJson.Span);
            }
            catch (JsonException e)
            {
                throw Invalid($"envelope.extensions_json is not valid JSON: {e.Message}");
            }
        }
        return o;
    }

    private static JsonObject Actor(string id, string? kind)
    {
        var o = new JsonObject { ["id"] = id };
        if (kind is not null) o["kind"] = kind;
        return o;
    }

    /// <summary>A short, secret-free description for dead letters: channel, destination and the first characters of the text.</summary>
    public static string Summary(JsonObject message)
    {
        var to = message["to"] is JsonArray { Count: > 0 } a ? a[0]?["id"]?.ToString() : message["session_id"]?.ToString();
        var text = message["text"]?.ToString() ?? "";
        if (text.Length > 40) text = text[..40] + "…";
        var attachments = message["attachments"] is JsonArray { Count: > 0 } att ? $" +{att.Count} attachment(s)" : "";
        return $"{message["channel"]} → {to}: \"{text}\"{attachments}";
    }

    private static RpcException Invalid(string message) => new(new Status(StatusCode.InvalidArgument, message));
}
