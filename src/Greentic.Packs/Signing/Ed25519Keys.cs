using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math.EC.Rfc8032;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;

namespace Greentic.Packs.Signing;

/// <summary>An Ed25519 public key (32 raw bytes). <see cref="KeyId"/> is the lowercase hex of the first 8 bytes
/// of SHA-256 over the raw key; it labels signatures but verification tries every trusted key.</summary>
public sealed class Ed25519PublicKey
{
    public const string EnvPrefix = "ed25519:";

    public Ed25519PublicKey(ReadOnlySpan<byte> raw)
    {
        if (raw.Length != 32) throw new ArgumentException($"an Ed25519 public key is 32 bytes, got {raw.Length}");
        Raw = raw.ToArray();
        Parameters = new Ed25519PublicKeyParameters(Raw, 0);
        KeyId = Convert.ToHexStringLower(SHA256.HashData(Raw).AsSpan(0, 8));
    }

    public byte[] Raw { get; }
    public string KeyId { get; }
    internal Ed25519PublicKeyParameters Parameters { get; }

    public bool Verify(ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        if (signature.Length != 64) return false;
        return Parameters.Verify(Ed25519.Algorithm.Ed25519, null, message, signature);
    }

    /// <summary><c>ed25519:&lt;base64 of the 32 raw bytes&gt;</c> (the PACK_PUBLIC_KEY form).</summary>
    public override string ToString() => EnvPrefix + Convert.ToBase64String(Raw);

    /// <summary>Parses <c>ed25519:&lt;base64&gt;</c>.</summary>
    public static Ed25519PublicKey ParseEnv(string text)
    {
        text = text.Trim();
        if (!text.StartsWith(EnvPrefix, StringComparison.Ordinal))
            throw new PackFormatException("public key", $"expected '{EnvPrefix}<base64 of 32 bytes>'");
        byte[] raw;
        try { raw = Convert.FromBase64String(text[EnvPrefix.Length..]); }
        catch (FormatException) { throw new PackFormatException("public key", "the text after 'ed25519:' is not base64"); }
        if (raw.Length != 32) throw new PackFormatException("public key", $"an Ed25519 public key is 32 bytes, got {raw.Length}");
        return new Ed25519PublicKey(raw);
    }

    /// <summary>SubjectPublicKeyInfo DER (RFC 8410).</summary>
    public byte[] ToSpki() => SubjectPublicKeyInfoFactory.CreateSubjectPublicKeyInfo(Parameters).GetDerEncoded();

    public string ToPem() => PemEncoding.WriteString("PUBLIC KEY", ToSpki()) + "\n";

    public static Ed25519PublicKey FromPem(string pem, string label = "public key")
    {
        try
        {
            var f = PemEncoding.Find(pem);
            var type = pem[f.Label];
            if (type == "PRIVATE KEY") return Ed25519PrivateKey.FromPem(pem, label).PublicKey;
            if (type != "PUBLIC KEY") throw new PackFormatException(label, $"PEM block is '{type}', expected 'PUBLIC KEY'");
            var der = Convert.FromBase64String(pem[f.Base64Data]);
            if (PublicKeyFactory.CreateKey(der) is not Ed25519PublicKeyParameters p)
                throw new PackFormatException(label, "not an Ed25519 public key");
            return new Ed25519PublicKey(p.GetEncoded());
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidCastException or IOException or Org.BouncyCastle.Security.SecurityUtilityException)
        {
            throw new PackFormatException(label, $"not a PEM Ed25519 public key: {ex.Message}", ex);
        }
    }

    /// <summary>Reads either a PEM file or a file holding <c>ed25519:&lt;base64&gt;</c>.</summary>
    public static Ed25519PublicKey Load(string path)
    {
        var text = File.ReadAllText(path);
        return text.TrimStart().StartsWith(EnvPrefix, StringComparison.Ordinal) ? ParseEnv(text) : FromPem(text, Path.GetFileName(path));
    }
}

/// <summary>An Ed25519 private key (32-byte seed), read and written as PKCS#8 PEM.</summary>
public sealed class Ed25519PrivateKey
{
    private readonly Ed25519PrivateKeyParameters _p;

    private Ed25519PrivateKey(Ed25519PrivateKeyParameters p)
    {
        _p = p;
        PublicKey = new Ed25519PublicKey(p.GeneratePublicKey().GetEncoded());
    }

    public Ed25519PublicKey PublicKey { get; }
    public string KeyId => PublicKey.KeyId;

    public static Ed25519PrivateKey Generate()
    {
        var g = new Ed25519KeyPairGenerator();
        g.Init(new Ed25519KeyGenerationParameters(new SecureRandom()));
        return new Ed25519PrivateKey((Ed25519PrivateKeyParameters)g.GenerateKeyPair().Private);
    }

    public static Ed25519PrivateKey FromSeed(ReadOnlySpan<byte> seed)
    {
        if (seed.Length != 32) throw new ArgumentException("an Ed25519 seed is 32 bytes");
        return new Ed25519PrivateKey(new Ed25519PrivateKeyParameters(seed.ToArray(), 0));
    }

    public byte[] Sign(ReadOnlySpan<byte> message)
    {
        var signature = new byte[Ed25519PrivateKeyParameters.SignatureSize];
        _p.Sign(Ed25519.Algorithm.Ed25519, null, message, signature);
        return signature;
    }

    /// <summary>PKCS#8 v1 PrivateKeyInfo DER (RFC 8410 §7), as OpenSSL writes it: the fixed 16-byte prefix then the seed.</summary>
    public byte[] ToPkcs8() => [.. Convert.FromHexString("302e020100300506032b657004220420"), .. _p.GetEncoded()];

    public string ToPem() => PemEncoding.WriteString("PRIVATE KEY", ToPkcs8()) + "\n";

    public static Ed25519PrivateKey FromPem(string pem, string label = "private key")
    {
        try
        {
            var f = PemEncoding.Find(pem);
            var type = pem[f.Label];
            if (type != "PRIVATE KEY") throw new PackFormatException(label, $"PEM block is '{type}', expected 'PRIVATE KEY' (PKCS#8)");
            var der = Convert.FromBase64String(pem[f.Base64Data]);
            if (PrivateKeyFactory.CreateKey(der) is not Ed25519PrivateKeyParameters p)
                throw new PackFormatException(label, "not an Ed25519 private key");
            return new Ed25519PrivateKey(p);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidCastException or IOException or Org.BouncyCastle.Security.SecurityUtilityException)
        {
            throw new PackFormatException(label, $"not a PKCS#8 PEM Ed25519 private key: {ex.Message}", ex);
        }
    }

    public static Ed25519PrivateKey Load(string path) => FromPem(File.ReadAllText(path), Path.GetFileName(path));
}
