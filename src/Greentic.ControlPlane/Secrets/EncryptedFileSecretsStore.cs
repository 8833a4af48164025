using Greentic.ControlPlane.Tenancy;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Greentic.ControlPlane.Auth;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Greentic.ControlPlane.Secrets;

/// <summary>
/// Secrets in one file, encrypted as a whole with AES-256-GCM under GREENTIC_SECRETS_KEY:
/// <code>
/// "GTSECv1\n" (8 bytes, also the associated data) | nonce (12) | tag (16) | ciphertext
/// plaintext = {"version":1,"secrets":{"secrets://env/tenant/team/category/name":"&lt;base64 value&gt;", …}}
/// </code>
/// Names are encrypted too. Every write draws a fresh random nonce, writes a temp file (mode 0600) in the same
/// directory, flushes it to disk and renames it over the old one, so readers see the old file or the new one,
/// never a torn write; writers are serialised in-process by a lock and across processes by an exclusive
/// <c>.lock</c> file. A wrong key or any modified byte fails authentication: the store then refuses to
/// read or write rather than guess.
/// </summary>
public sealed class EncryptedFileSecretsStore : ISecretsStore, IDisposable
{
    private static readonly byte[] Magic = "GTSECv1\n"u8.ToArray();
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(10);

    private readonly string _path;
    private readonly byte[] _key;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private Dictionary<string, byte[]>? _cache;
    private (long Length, long Ticks) _cacheStamp;

    public EncryptedFileSecretsStore(string path, string? base64Key, ILogger<EncryptedFileSecretsStore>? logger = null)
    {
        if (TryDecodeKey(base64Key, out var key) is { } error) throw new SecretsException(SecretsErrorCode.Internal, error);
        _path = Path.GetFullPath(path);
        _key = key;
        _logger = logger ?? NullLogger<EncryptedFileSecretsStore>.Instance;
    }

    public string Description => $"file:{_path}";

    /// <summary>Returns null for a usable key, else a message naming the variable (never the value).</summary>
    public static string? TryDecodeKey(string? base64Key, out byte[] key)
    {
        key = [];
        if (string.IsNullOrWhiteSpace(base64Key))
            return $"{SecretsOptions.KeyVariable} is not set: the file secrets backend needs a key (base64 of 32 random bytes, e.g. `openssl rand -base64 32`)";
        try
        {
            key = Convert.FromBase64String(base64Key.Trim());
        }
        catch (FormatException)
        {
            return $"{SecretsOptions.KeyVariable} is not valid base64; it must be base64 of 32 random bytes";
        }
        if (key.Length != 32)
        {
            var length = key.Length;
            CryptographicOperations.ZeroMemory(key);
            key = [];
            return $"{SecretsOptions.KeyVariable} decodes to {length} bytes; AES-256 needs exactly 32";
        }
        return null;
    }

    /// <summary>A fresh key in the form GREENTIC_SECRETS_KEY expects.</summary>
    public static string GenerateKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public async ValueTask<byte[]?> GetAsync(SecretName name, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var secrets = Load();
            return secrets.TryGetValue(name.ToUri(), out var value) ? value.ToArray() : null;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask PutAsync(SecretName name, ReadOnlyMemory<byte> value, CancellationToken cancellationToken)
    {
        await UpdateAsync(secrets =>
        {
            secrets[name.ToUri()] = value.ToArray();
            return true;
        }, cancellationToken).ConfigureAwait(false);
        SecretsLog.SecretStored(_logger, name.ToUri(), Description);
    }

    public async ValueTask<bool> DeleteAsync(SecretName name, CancellationToken cancellationToken)
    {
        var removed = false;
        await UpdateAsync(secrets => removed = secrets.Remove(name.ToUri()), cancellationToken).ConfigureAwait(false);
        return removed;
    }

    public async ValueTask<IReadOnlyList<SecretName>> ListAsync(TenantContext tenant, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var prefix = $"{SecretName.Scheme}{tenant.Env}/{tenant.Tenant}/";
            return Load().Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal))
                .Order(StringComparer.Ordinal).Select(SecretName.Parse).ToList();
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task UpdateAsync(Func<Dictionary<string, byte[]>, bool> change, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
            using var fileLock = await AcquireFileLockAsync(cancellationToken).ConfigureAwait(false);
            _cache = null; // another process may have written since we last read
            var secrets = new Dictionary<string, byte[]>(Load(), StringComparer.Ordinal);
            if (!change(secrets)) return;
            Save(secrets);
            _cache = secrets;
            _cacheStamp = Stamp();
        }
        finally
        {
            _gate.Release();
        }
    }

    private Dictionary<string, byte[]> Load()
    {
        var stamp = Stamp();
        if (_cache is not null && stamp == _cacheStamp) return _cache;
        if (stamp.Length < 0)
        {
            _cache = new Dictionary<string, byte[]>(StringComparer.Ordinal);
            _cacheStamp = stamp;
            return _cache;
        }
        byte[] file;
        try
        {
            file = File.ReadAllBytes(_path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new SecretsException(SecretsErrorCode.Internal, $"secrets file '{_path}' cannot be read: {ex.Message}");
        }
        _cache = Decrypt(file);
        _cacheStamp = stamp;
        return _cache;
    }

    private Dictionary<string, byte[]> Decrypt(byte[] file)
    {
        if (file.Length < Magic.Length + NonceSize + TagSize || !file.AsSpan(0, Magic.Length).SequenceEqual(Magic))
        {
            throw new SecretsException(SecretsErrorCode.Internal, $"'{_path}' is not a Greentic secrets file (bad header)");
        }
        var nonce = file.AsSpan(Magic.Length, NonceSize);
        var tag = file.AsSpan(Magic.Length + NonceSize, TagSize);
        var ciphertext = file.AsSpan(Magic.Length + NonceSize + TagSize);
        var plaintext = new byte[ciphertext.Length];
        try
        {
            using var aes = new AesGcm(_key, TagSize);
            aes.Decrypt(nonce, ciphertext, tag, plaintext, Magic);
            return ParsePlaintext(plaintext);
        }
        catch (CryptographicException)
        {
            throw new SecretsException(SecretsErrorCode.Internal,
                $"secrets file '{_path}' cannot be decrypted with {SecretsOptions.KeyVariable}: the key is wrong or the file was modified");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    private Dictionary<string, byte[]> ParsePlaintext(byte[] plaintext)
    {
        // Parse errors are reported without the parser's message: it can quote content.
        try
        {
            using var doc = JsonDocument.Parse(plaintext);
            var result = new Dictionary<string, byte[]>(StringComparer.Ordinal);
            if (doc.RootElement.GetProperty("version").GetInt32() != 1) throw new FormatException();
            foreach (var entry in doc.RootElement.GetProperty("secrets").EnumerateObject())
            {
                result[entry.Name] = Convert.FromBase64String(entry.Value.GetString()!);
            }
            return result;
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException or KeyNotFoundException)
        {
            throw new SecretsException(SecretsErrorCode.Internal, $"secrets file '{_path}' decrypts but its content is not a version-1 secrets document");
        }
    }

    private void Save(Dictionary<string, byte[]> secrets)
    {
        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, Greentic.Json.GreenticJson.WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteNumber("version", 1);
            writer.WriteStartObject("secrets");
            foreach (var (name, value) in secrets.OrderBy(e => e.Key, StringComparer.Ordinal))
            {
                writer.WriteString(name, Convert.ToBase64String(value));
            }
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        var plaintext = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
        var output = new byte[Magic.Length + NonceSize + TagSize + plaintext.Length];
        Magic.CopyTo(output, 0);
        var nonce = output.AsSpan(Magic.Length, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using (var aes = new AesGcm(_key, TagSize))
        {
            aes.Encrypt(nonce, plaintext, output.AsSpan(Magic.Length + NonceSize + TagSize), output.AsSpan(Magic.Length + NonceSize, TagSize), Magic);
        }
        CryptographicOperations.ZeroMemory(plaintext);

        var temp = Path.Combine(Path.GetDirectoryName(_path)!, $".{Path.GetFileName(_path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            using (var stream = new FileStream(temp, options))
            {
                stream.Write(output);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, _path, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            try { File.Delete(temp); } catch (IOException) { }
            throw new SecretsException(SecretsErrorCode.Internal, $"secrets file '{_path}' cannot be written: {ex.Message}");
        }
    }

    private async Task<FileStream> AcquireFileLockAsync(CancellationToken cancellationToken)
    {
        var lockPath = _path + ".lock";
        var deadline = DateTime.UtcNow + LockTimeout;
        while (true)
        {
            try
            {
                var lockOptions = new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.ReadWrite, Share = FileShare.None, BufferSize = 1 };
                if (!OperatingSystem.IsWindows()) lockOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
                return new FileStream(lockPath, lockOptions);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(25, cancellationToken).ConfigureAwait(false);
            }
            catch (IOException ex)
            {
                throw new SecretsException(SecretsErrorCode.Internal, $"secrets file '{_path}' is locked by another writer ({lockPath}): {ex.Message}");
            }
        }
    }

    private (long Length, long Ticks) Stamp()
    {
        var info = new FileInfo(_path);
        return info.Exists ? (info.Length, info.LastWriteTimeUtc.Ticks) : (-1, 0);
    }

    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(_key);
        _gate.Dispose();
    }
}
