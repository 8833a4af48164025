using System.Security.Cryptography;
using System.Text;
using Greentic.ControlPlane.Secrets;

namespace Greentic.ControlPlane.OAuth;

/// <summary>
/// The broker's two keys, derived with HKDF-SHA256 from one root key (GREENTIC_OAUTH_KEY, else GREENTIC_SECRETS_KEY):
/// an AES-256-GCM key for the token sets and pending consents it stores, and an HMAC-SHA256 key for consent states.
/// Separate derivations keep a state signature from ever being usable as ciphertext authentication, or the reverse.
/// </summary>
internal sealed class OAuthKeys
{
    private OAuthKeys(byte[] root)
    {
        SealingKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, root, 32, info: Encoding.ASCII.GetBytes("greentic oauth sealed records v1"));
        StateKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, root, 32, info: Encoding.ASCII.GetBytes("greentic oauth consent state v1"));
    }

    public byte[] SealingKey { get; }
    public byte[] StateKey { get; }

    /// <summary>Null with the keys, or a message naming the settings (never a value).</summary>
    public static string? TryCreate(OAuthOptions options, SecretsOptions secrets, out OAuthKeys? keys)
    {
        keys = null;
        var (value, name) = !string.IsNullOrWhiteSpace(options.Key)
            ? (options.Key, $"{OAuthOptions.KeyVariable} ({OAuthOptions.SectionName}:Key)")
            : (secrets.Key, SecretsOptions.KeyVariable);
        if (string.IsNullOrWhiteSpace(value))
            return $"the OAuth broker needs a key to encrypt token sets and sign consent states: set {OAuthOptions.KeyVariable} " +
                   $"(base64 of 32 random bytes, e.g. `openssl rand -base64 32`) or {SecretsOptions.KeyVariable}";
        byte[] root;
        try
        {
            root = Convert.FromBase64String(value.Trim());
        }
        catch (FormatException)
        {
            return $"{name} is not valid base64; it must be base64 of 32 random bytes";
        }
        try
        {
            if (root.Length != 32) return $"{name} decodes to {root.Length} bytes; it must be exactly 32";
            keys = new OAuthKeys(root);
            return null;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(root);
        }
    }
}
