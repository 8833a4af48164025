using System.Text.Json;
using Greentic.Gateway.Webhooks;

namespace Greentic.Gateway.Dispatch;

/// <summary>Reads a provider's <c>ingest_http</c> output leniently, as upstream's operator does, but never trusts it blindly.</summary>
internal static class HttpOutV1Reader
{
    public static HttpOutV1 Read(ReadOnlySpan<byte> json)
    {
        if (Json.ParseObject(json, out var error) is not { } root)
            throw new ProviderIngressException(ProviderIngressFailure.BadResponse, $"the provider's ingest_http output is not a JSON object: {error}");
        if (Json.At(root, "ok") is { ValueKind: JsonValueKind.False } && Json.At(root, "status") is null)
        {
            var message = Json.Str(root, "error", "message") ?? Json.Str(root, "error") ?? "no message";
            throw new ProviderIngressException(ProviderIngressFailure.BadResponse, $"the provider's ingest_http failed: {message}");
        }
        var http = Json.At(root, "http") is { ValueKind: JsonValueKind.Object } nested ? nested : root;
        var status = Json.Long(http, "status") ?? 200;
        if (status is < 100 or > 599)
            throw new ProviderIngressException(ProviderIngressFailure.BadResponse, $"the provider's ingest_http returned HTTP status {status}");
        byte[] body = [];
        if (Json.Str(http, "body_b64") is { Length: > 0 } b64)
        {
            try
            {
                body = Convert.FromBase64String(b64);
            }
            catch (FormatException)
            {
                throw new ProviderIngressException(ProviderIngressFailure.BadResponse, "the provider's ingest_http body_b64 is not base64");
            }
        }
        var events = Json.Array(root, "events").Where(e => e.ValueKind == JsonValueKind.Object).Select(e => e.Clone()).ToList();
        return new HttpOutV1((int)status, Headers(Json.At(http, "headers")), body, events);
    }

    private static List<KeyValuePair<string, string>> Headers(JsonElement? headers)
    {
        var list = new List<KeyValuePair<string, string>>();
        if (headers is not { } h) return list;
        if (h.ValueKind == JsonValueKind.Object)
        {
            foreach (var p in h.EnumerateObject())
                if (p.Value.ValueKind == JsonValueKind.String) list.Add(new(p.Name, p.Value.GetString()!));
        }
        else if (h.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in h.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.Array && item.GetArrayLength() >= 2 && item[0].ValueKind == JsonValueKind.String && item[1].ValueKind == JsonValueKind.String)
                    list.Add(new(item[0].GetString()!, item[1].GetString()!));
                else if (item.ValueKind == JsonValueKind.Object && Json.Str(item, "name") is { } name && Json.Str(item, "value") is { } value)
                    list.Add(new(name, value));
            }
        }
        return list;
    }
}
