using System.Text.Json;
using System.Text.Json.Nodes;
using Greentic.Cli.Client;
using Greentic.Events.V1;
using Greentic.Messaging.V1;
using Grpc.Core;

namespace Greentic.Cli.Commands;

/// <summary>
/// <c>greentic send --reply-to EVENT_ID</c>: finds the event in the tenant's log (an ephemeral subscription from the earliest
/// event, read up to the head cursor the stream announces) and points the message at it — channel, session, destination
/// (the event's <c>to</c>, as providers write it for the conversation, else the session) and reply scope (the event's own
/// <c>reply_scope</c>, else its conversation with <c>reply_to</c> = the platform message id).
/// </summary>
internal static class ReplyTarget
{
    public static async Task ApplyAsync(ClientCall call, string eventId, SendRequest request, CancellationToken cancellationToken)
    {
        var payload = await FindAsync(call, eventId, cancellationToken)
            ?? throw new UsageException($"no event '{eventId}' in the log of tenant '{call.Settings.Tenant}' (it may have expired; ids look like 'messaging.telegram.bot:update-7:0')");
        var session = Text(payload["session_id"]) ?? Text(payload["session"]?["key"]) ?? Text(payload["provider_ids"]?["conversation_id"]) ?? "";
        var scope = payload["reply_scope"] is JsonObject rs
            ? new ReplyScope { Conversation = Text(rs["conversation"]) ?? session }
            : new ReplyScope { Conversation = session };
        if (payload["reply_scope"] is JsonObject given)
        {
            if (Text(given["thread"]) is { } thread) scope.Thread = thread;
            if (Text(given["reply_to"]) is { } replyTo) scope.ReplyTo = replyTo;
            if (Text(given["correlation"]) is { } correlation) scope.Correlation = correlation;
        }
        else if ((Text(payload["provider_ids"]?["message_id"]) ?? Text(payload["id"])) is { } messageId)
        {
            scope.ReplyTo = messageId;
        }
        request.ReplyScope = scope;
        if (request.Envelope is { } envelope)
        {
            if (Text(payload["channel"]) is { } channel) envelope.Channel = channel;
            if (envelope.SessionId.Length == 0) envelope.SessionId = session;
            envelope.ReplyScope = scope;
            if (envelope.To.Count == 0)
            {
                if (payload["to"] is JsonArray { Count: > 0 } to)
                    envelope.To.AddRange(to.OfType<JsonObject>().Select(d => new Destination { Id = Text(d["id"]) ?? "" }));
                else if (session.Length > 0)
                    envelope.To.Add(new Destination { Id = session });
            }
        }
    }

    private static async Task<JsonObject?> FindAsync(ClientCall call, string eventId, CancellationToken cancellationToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(TimeSpan.FromSeconds(30));
        using var stream = new EventsService.EventsServiceClient(call.Invoker).Subscribe(
            new SubscribeRequest { Ctx = call.TenantCtx(), Start = StartPosition.Earliest }, call.Options(TimeSpan.FromSeconds(60), cts.Token));
        var head = (await stream.ResponseHeadersAsync).GetValue("greentic-events-head");
        try
        {
            while (await stream.ResponseStream.MoveNext(cts.Token))
            {
                var r = stream.ResponseStream.Current;
                if (r.Event.Id == eventId)
                {
                    try
                    {
                        return JsonNode.Parse(r.Event.PayloadJson.Span) as JsonObject ?? [];
                    }
                    catch (JsonException)
                    {
                        return [];
                    }
                }
                if (r.Cursor == head) return null;
            }
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled && !cancellationToken.IsCancellationRequested)
        {
        }
        return null;
    }

    private static string? Text(JsonNode? node) => node is JsonValue v ? v.ToString() : null;
}
