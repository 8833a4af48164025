using System.Text;
using System.Text.Json;

namespace Greentic.ControlPlane.OAuth;

/// <summary>
/// The token-set JSON the broker answers with (broker-v1 leaves its shape to the host):
/// <code>{"access_token":"…","token_type":"Bearer","expires_at":1767225600,"scope":"openid email","id_token":"…",
///  "extra":{"provider_id":"github","subject":"alice"}}</code>
/// <c>expires_at</c> is Unix seconds (absent when the provider gave no lifetime); <c>id_token</c> only when issued.
/// The refresh token is never included: the broker refreshes, callers only ever hold access tokens.
/// </summary>
internal static class TokenSetJson
{
    public static string Of(StoredTokenSet tokens, string providerId, string subject)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("access_token", tokens.AccessToken);
            w.WriteString("token_type", tokens.TokenType);
            if (tokens.ExpiresAt is { } expiresAt) w.WriteNumber("expires_at", expiresAt);
            w.WriteString("scope", string.Join(' ', tokens.Scopes));
            if (tokens.IdToken is { } id) w.WriteString("id_token", id);
            w.WriteStartObject("extra");
            w.WriteString("provider_id", providerId);
            w.WriteString("subject", subject);
            w.WriteEndObject();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
