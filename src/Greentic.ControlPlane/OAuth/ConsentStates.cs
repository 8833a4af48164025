using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Greentic.ControlPlane.Tenancy;

namespace Greentic.ControlPlane.OAuth;

/// <summary>
/// The <c>state</c> of a consent URL: <c>{nonce}.{expires-at}.{mac}</c>, where the MAC is HMAC-SHA256 under the broker's
/// state key over the nonce, the expiry and what the flow is bound to — env, tenant, provider and subject. The state
/// names none of them (it travels through the user's browser and the provider's logs), yet a state altered in any
/// byte, or presented for another tenant, provider or subject, does not verify. Single use is the pending record's
/// job (<see cref="OAuthStore.TakePendingAsync"/>): the nonce names it.
/// </summary>
internal sealed class ConsentStates(OAuthKeyRing ring)
{
    private const int MaxStateLength = 256;

    public static string NewNonce() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));

    public string Issue(TenantContext tenant, string provider, string subject, string nonce, long expiresAt) =>
        $"{nonce}.{expiresAt.ToString(CultureInfo.InvariantCulture)}.{Mac(tenant, provider, subject, nonce, expiresAt)}";

    /// <summary>The nonce and expiry of a state that verifies for this tenant, provider and subject; null when it does not.</summary>
    public (string Nonce, long ExpiresAt)? Verify(string state, TenantContext tenant, string provider, string subject)
    {
        if (state.Length > MaxStateLength) return null;
        var parts = state.Split('.');
        if (parts.Length != 3 || parts[0].Length == 0 || parts[2].Length == 0
            || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var expiresAt))
            return null;
        var expected = Encoding.ASCII.GetBytes(Mac(tenant, provider, subject, parts[0], expiresAt));
        var presented = Encoding.ASCII.GetBytes(parts[2]);
        return CryptographicOperations.FixedTimeEquals(expected, presented) ? (parts[0], expiresAt) : null;
    }

    private string Mac(TenantContext tenant, string provider, string subject, string nonce, long expiresAt)
    {
        var message = $"greentic-oauth-state/v1\n{tenant.Env}\n{tenant.Tenant}\n{provider}\n{subject}\n{nonce}\n{expiresAt.ToString(CultureInfo.InvariantCulture)}";
        return Base64Url.EncodeToString(HMACSHA256.HashData(ring.Keys.StateKey, Encoding.UTF8.GetBytes(message)));
    }
}
