using System.Text.Json;
using Google.Protobuf;
using Greentic.Worker.V1;
using Grpc.Core;

namespace Greentic.ControlPlane.Workers;

/// <summary>
/// Reads what the worker's <c>exec</c> op answered (the other half of the mapping <see cref="WorkerRequests"/> documents):
/// <list type="bullet">
/// <item>success: <c>{"ok":true, "version"?, "correlation_id"?, "session_id"?, "thread_id"?, "messages":[{"kind","payload_json"}],
/// "timestamp_utc"?}</c> — absent identifiers are the request's, an absent timestamp is now; a <c>payload_json</c> that
/// is JSON rather than a string is kept as its text;</item>
/// <item>failure: a node-error <c>{"ok":false,"error":{"code","message","retryable"?,"backoff_ms"?}}</c>, raised as the
/// worker-error it carries (<see cref="WorkerErrors"/>).</item>
/// </list>
/// Anything else is INTERNAL naming the worker: the worker broke the contract, not the caller.
/// </summary>
internal static class WorkerResponses
{
    public static ExecResponse Read(ByteString output, ExecRequest request, string tenant, TimeProvider time)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(output.Memory);
        }
        catch (JsonException)
        {
            throw Broken(request, "an answer that is not JSON");
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw Broken(request, "an answer that is not a JSON object");
            if (root.TryGetProperty("ok", out var ok) && ok.ValueKind == JsonValueKind.False)
                throw WorkerErrors.FromNodeError(root.TryGetProperty("error", out var error) ? error : default, request.WorkerId);
            var response = new ExecResponse
            {
                Version = Text(root, "version") ?? request.Version,
                Tenant = tenant,
                WorkerId = request.WorkerId,
                TimestampUtc = Text(root, "timestamp_utc") ?? time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'"),
            };
            if ((Text(root, "correlation_id") ?? (request.HasCorrelationId ? request.CorrelationId : null)) is { } correlation) response.CorrelationId = correlation;
            if ((Text(root, "session_id") ?? (request.HasSessionId ? request.SessionId : null)) is { } session) response.SessionId = session;
            if ((Text(root, "thread_id") ?? (request.HasThreadId ? request.ThreadId : null)) is { } thread) response.ThreadId = thread;
            if (root.TryGetProperty("messages", out var messages))
            {
                if (messages.ValueKind != JsonValueKind.Array) throw Broken(request, "'messages' that is not an array");
                foreach (var m in messages.EnumerateArray())
                {
                    if (m.ValueKind != JsonValueKind.Object || Text(m, "kind") is not { } kind)
                        throw Broken(request, "a message without a string 'kind'");
                    var payload = m.TryGetProperty("payload_json", out var p)
                        ? p.ValueKind == JsonValueKind.String ? p.GetString()! : p.GetRawText()
                        : "";
                    response.Messages.Add(new WorkerMessage { Kind = kind, PayloadJson = payload });
                }
            }
            return response;
        }
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static RpcException Broken(ExecRequest request, string what) => new(new Status(StatusCode.Internal,
        $"worker '{request.WorkerId}' answered {what}: its exec op must return {{\"ok\":true,\"messages\":[{{\"kind\",\"payload_json\"}}]}} " +
        "or {\"ok\":false,\"error\":{\"code\",\"message\"}}"));
}
