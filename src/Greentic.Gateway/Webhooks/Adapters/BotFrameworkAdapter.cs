using System.Text.Json;
using Greentic.Gateway.Envelope;
using Greentic.Gateway.Hosting;
using Greentic.Gateway.Webhooks.Secrets;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Greentic.Gateway.Webhooks.Adapters;

/// <summary>
/// Bot Framework activities for Teams (<c>/teams/activities</c>) and WebChat via Direct Line
/// (<c>/webchat/activities</c>), authenticated as the Bot Connector protocol requires of a bot:
/// <list type="number">
/// <item><c>Authorization: Bearer</c> JWT, RS256, signed by a key from the OpenID metadata's JWKS;</item>
/// <item>issuer <c>https://api.botframework.com</c> (configurable), audience the tenant's bot app id
/// (<c>MS_BOT_APP_ID</c>), within its lifetime give or take five minutes;</item>
/// <item>the signing key endorses the activity's <c>channelId</c> (else 403);</item>
/// <item>the token's <c>serviceurl</c> claim equals the activity's <c>serviceUrl</c> (else 403).</item>
/// </list>
/// Sessions anchor on <c>replyToId</c>, else <c>conversation.id</c>; retries are recognised by the activity id
/// and answered 202.
/// </summary>
internal sealed class BotFrameworkAdapter(string name, string providerType, IWebhookSecrets secrets, BotFrameworkKeySource keys,
    IOptionsMonitor<GatewayOptions> options, TimeProvider time) : IWebhookAdapter
{
    private static readonly JsonWebTokenHandler Tokens = new() { MaximumTokenSizeInBytes = 16 * 1024 };

    public string Name => name;
    public string DefaultProviderType => providerType;

    public async ValueTask<WebhookVerdict> VerifyAsync(WebhookRequest request, CancellationToken cancellationToken)
    {
        var authorization = request.Header("Authorization");
        if (!authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return WebhookVerdict.Unauthorized("Bot Framework activities carry 'Authorization: Bearer <token>'; this one has none");
        var appId = await secrets.GetAsync(new(request.Env, request.Tenant, request.Team), WebhookSecretNames.BotAppId, cancellationToken);
        if (appId is null) return WebhookVerdict.Forbidden($"tenant '{request.Tenant}' has no {WebhookSecretNames.BotAppId} (the bot's app id, the tokens' audience)");

        var token = authorization[7..].Trim();
        BotFrameworkKeys signing;
        TokenValidationResult result;
        try
        {
            signing = await keys.GetAsync(null, cancellationToken);
            result = await Tokens.ValidateTokenAsync(token, Parameters(signing, appId.AsString()));
            if (result.Exception is SecurityTokenSignatureKeyNotFoundException && Kid(token) is { } kid)
            {
                signing = await keys.GetAsync(kid, cancellationToken);
                result = await Tokens.ValidateTokenAsync(token, Parameters(signing, appId.AsString()));
            }
        }
        catch (BotFrameworkKeysException ex)
        {
            return new WebhookVerdict(StatusCodes.Status503ServiceUnavailable, $"the Bot Framework signing keys are unavailable: {ex.Message}");
        }
        if (!result.IsValid) return WebhookVerdict.Unauthorized($"the Bot Framework token is not valid: {Describe(result.Exception)}");

        if (Json.ParseObject(request.Body, out var error) is not { } activity) return WebhookVerdict.BadRequest(error!);
        var jwt = (JsonWebToken)result.SecurityToken;
        var channelId = Json.Str(activity, "channelId");
        if (string.IsNullOrEmpty(channelId)) return WebhookVerdict.BadRequest("the activity has no channelId");
        if (!signing.Endorsements.TryGetValue(jwt.Kid ?? "", out var endorsements) || !endorsements.Contains(channelId, StringComparer.OrdinalIgnoreCase))
            return WebhookVerdict.Forbidden($"the token's signing key does not endorse channel '{Tenancy.TenantName.Sanitize(channelId)}'");
        var serviceUrl = Json.Str(activity, "serviceUrl");
        var claim = jwt.TryGetPayloadValue<string>("serviceurl", out var s) ? s : jwt.TryGetPayloadValue<string>("serviceUrl", out var s2) ? s2 : null;
        if (string.IsNullOrEmpty(serviceUrl) || !string.Equals(serviceUrl, claim, StringComparison.OrdinalIgnoreCase))
            return WebhookVerdict.Forbidden("the token's serviceurl claim does not match the activity's serviceUrl");
        return WebhookVerdict.Admit;
    }

    public WebhookParse Parse(WebhookRequest request)
    {
        if (Json.ParseObject(request.Body, out var error) is not { } activity) return new WebhookParse.Malformed(error!);
        var id = Json.Str(activity, "id");
        if (string.IsNullOrEmpty(id)) return new WebhookParse.Malformed("the activity has no id");
        if (string.IsNullOrEmpty(Json.Str(activity, "type"))) return new WebhookParse.Malformed("the activity has no type");
        var ids = new ProviderIds
        {
            TeamId = Json.Str(activity, "channelData", "team", "id"),
            WorkspaceId = Json.Str(activity, "channelData", "tenant", "id") ?? Json.Str(activity, "conversation", "tenantId"),
            ChannelId = Json.Str(activity, "channelData", "channel", "id"),
            ConversationId = Json.Str(activity, "conversation", "id"),
            ThreadId = Json.Str(activity, "replyToId"),
            UserId = Json.Str(activity, "from", "id"),
            MessageId = id,
            EventId = id,
        };
        var mentions = Json.Array(activity, "entities")
            .Where(e => Json.Str(e, "type") == "mention").Select(e => Json.Str(e, "mentioned", "id")).OfType<string>().ToList();
        var attachments = Json.Array(activity, "attachments").Select(a => new EnvelopeAttachment(
            Json.Str(a, "contentType")?.StartsWith("application/vnd.microsoft.card", StringComparison.Ordinal) == true ? "card" : "file",
            Json.Str(a, "name"), Json.Str(a, "contentType"), null, Json.Str(a, "contentUrl"), null)).ToList();
        DateTimeOffset? timestamp = DateTimeOffset.TryParse(Json.Str(activity, "timestamp"), System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AssumeUniversal, out var t) ? t : null;
        var envelope = EnvelopeBuilder.Build(request, ids, activity, timestamp: timestamp,
            text: Json.Str(activity, "text"), locale: Json.Str(activity, "locale"), attachments: attachments,
            entities: new EnvelopeEntities(mentions, []), channelData: Json.At(activity, "channelData"));
        return new WebhookParse.Delivery($"activity-{id}", [envelope]);
    }

    public WebhookReply Acknowledge(WebhookRequest request) => WebhookReply.Empty(StatusCodes.Status202Accepted);

    private TokenValidationParameters Parameters(BotFrameworkKeys signing, string appId)
    {
        var o = options.CurrentValue.Webhooks.BotFramework;
        return new TokenValidationParameters
        {
            ValidIssuers = o.Issuers,
            ValidAudience = appId,
            IssuerSigningKeys = signing.SigningKeys,
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            ValidateIssuerSigningKey = true,
            ClockSkew = o.ClockSkew,
            LifetimeValidator = (notBefore, expires, _, p) =>
            {
                var now = time.GetUtcNow().UtcDateTime;
                return expires is { } exp && now <= exp.ToUniversalTime() + p.ClockSkew
                       && (notBefore is not { } nbf || now >= nbf.ToUniversalTime() - p.ClockSkew);
            },
        };
    }

    private static string? Kid(string token)
    {
        try
        {
            return new JsonWebToken(token).Kid;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private static string Describe(Exception? ex) => ex switch
    {
        SecurityTokenInvalidAudienceException => "the audience is not this tenant's bot app id",
        SecurityTokenInvalidIssuerException => "the issuer is not an accepted Bot Framework issuer",
        SecurityTokenInvalidLifetimeException or SecurityTokenExpiredException or SecurityTokenNotYetValidException => "the token is expired or not yet valid",
        SecurityTokenSignatureKeyNotFoundException => "it is signed by a key the OpenID metadata does not list",
        SecurityTokenInvalidSignatureException => "the signature does not verify",
        SecurityTokenInvalidAlgorithmException => "the algorithm is not RS256",
        SecurityTokenMalformedException or ArgumentException => "it is not a well-formed JWT",
        null => "unknown reason",
        _ => ex.GetType().Name,
    };
}
