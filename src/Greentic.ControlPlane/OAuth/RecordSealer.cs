using System.Security.Cryptography;
using System.Text;

namespace Greentic.ControlPlane.OAuth;

/// <summary>
/// Seals what the broker keeps in the state store with AES-256-GCM: <c>0x01 | nonce (12) | tag (16) | ciphertext</c>,
/// with the record's fully scoped state name as associated data, so a record copied under another tenant, provider or
/// subject fails to open instead of being served there.
/// </summary>
internal sealed class RecordSealer(OAuthKeyRing ring)
{
    private const byte Version = 1;
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private const int HeaderSize = 1 + NonceSize + TagSize;

    public byte[] Seal(ReadOnlySpan<byte> plaintext, string scopedName)
    {
        var output = new byte[HeaderSize + plaintext.Length];
        output[0] = Version;
        var nonce = output.AsSpan(1, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(ring.Keys.SealingKey, TagSize);
        aes.Encrypt(nonce, plaintext, output.AsSpan(HeaderSize), output.AsSpan(1 + NonceSize, TagSize), Encoding.UTF8.GetBytes(scopedName));
        return output;
    }

    /// <summary>The plaintext, or null when the record is not one this key sealed under this name.</summary>
    public byte[]? Open(ReadOnlySpan<byte> sealedRecord, string scopedName)
    {
        if (sealedRecord.Length < HeaderSize || sealedRecord[0] != Version) return null;
        var plaintext = new byte[sealedRecord.Length - HeaderSize];
        try
        {
            using var aes = new AesGcm(ring.Keys.SealingKey, TagSize);
            aes.Decrypt(sealedRecord.Slice(1, NonceSize), sealedRecord[HeaderSize..], sealedRecord.Slice(1 + NonceSize, TagSize),
                plaintext, Encoding.UTF8.GetBytes(scopedName));
            return plaintext;
        }
        catch (AuthenticationTagMismatchException)
        {
            return null;
        }
    }
}
