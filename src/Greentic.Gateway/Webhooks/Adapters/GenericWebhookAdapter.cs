using System.Net;
using System.Text.Json;
using Greentic.Gateway.Envelope;
using Greentic.Gateway.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Greentic.Gateway.Webhooks.Adapters;

/// <summary>
/// <c>ANY /webhook/{flow_id}</c> (tenant DEFAULT_TENANT) and <c>ANY /webhook/{tenant}/{flow_id}</c>: any caller
/// on an allowed network (<c>Webhooks:GenericAllowedNetworks</c>, loopback by default) may start a flow. With an
/// <c>Idempotency-Key</c> header a repeated request gets the first response (status and body) instead of a
/// second run; a repeat that arrives while the first is still running gets 409. A JSON body must be valid JSON.
/// </summary>
internal sealed class GenericWebhookAdapter(IOptionsMonitor<GatewayOptions> options) : IWebhookAdapter
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";
    public const int MaxIdempotencyKeyLength = 255;

    public string Name => "webhook";
    public string DefaultProviderType => "webhook.generic";
    public bool ReplaysFirstResponse => true;

    public ValueTask<WebhookVerdict> VerifyAsync(WebhookRequest request, CancellationToken cancellationToken)
    {
        if (!IPAddress.TryParse(request.RemoteIp, out var address))
            return ValueTask.FromResult(WebhookVerdict.Forbidden("the caller's address is unknown, so the network allow-list cannot admit it"));
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        foreach (var network in options.CurrentValue.Webhooks.GenericAllowedNetworks)
        {
            if (IPNetwork.TryParse(network, out var parsed) && parsed.Contains(address)) return ValueTask.FromResult(WebhookVerdict.Admit);
        }
        return ValueTask.FromResult(WebhookVerdict.Forbidden($"{address} is not in Greentic:Gateway:Webhooks:GenericAllowedNetworks"));
    }

    public WebhookParse Parse(WebhookRequest request)
    {
        var key = request.Header(IdempotencyKeyHeader);
        if (key.Length > MaxIdempotencyKeyLength || key.Any(c => c is < ' ' or > '~'))
            return new WebhookParse.Malformed($"{IdempotencyKeyHeader} must be at most {MaxIdempotencyKeyLength} printable ASCII characters");
        JsonElement raw;
        var contentType = request.ContentType ?? "";
        if (contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) || contentType.Contains("+json", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                using var document = JsonDocument.Parse(request.Body);
                raw = document.RootElement.Clone();
            }
            catch (JsonException ex)
            {
                return new WebhookParse.Malformed($"the body is declared as JSON but is not valid JSON: {ex.Message}");
            }
        }
        else
        {
            raw = JsonSerializer.SerializeToElement(new { content_type = contentType, body_b64 = Convert.ToBase64String(request.Body) });
        }
        var ids = new ProviderIds { ConversationId = request.Handler, EventId = key.Length > 0 ? key : null };
        var envelope = EnvelopeBuilder.Build(request, ids, raw);
        return new WebhookParse.Delivery(key.Length > 0 ? $"{request.Handler}:{key}" : null, [envelope]);
    }

    public WebhookReply Acknowledge(WebhookRequest request) =>
        WebhookReply.Json(StatusCodes.Status202Accepted, new { status = "accepted", flow_id = request.Handler, received_at = request.ReceivedAt });
}
