using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Greentic.ControlPlane.Stores;
using Greentic.ControlPlane.Tenancy;

namespace Greentic.ControlPlane.OAuth;

/// <summary>
/// The broker's records in the state store, sealed (<see cref="RecordSealer"/>), in the tenant-wide scope under the
/// namespace <see cref="Prefix"/>: <c>tokens/{provider}/{subject-key}</c> and <c>pending/{provider}/{subject-key}/{nonce}</c>,
/// where the subject key is a hash of the subject (subjects are emails, phone numbers, opaque ids: none of that goes into
/// key names). A record that does not open (another key, an altered or moved record) reads as absent.
/// </summary>
internal sealed class OAuthStore(IStateStore state, RecordSealer sealer)
{
    public const string Prefix = "greentic.oauth";
    public const int MaxPendingPerSubject = 32;

    public async Task<StoredTokenSet?> ReadTokensAsync(TenantContext tenant, string provider, string subject, CancellationToken ct) =>
        await ReadAsync(TokenKey(tenant, provider, subject), BrokerRecordsJson.Default.StoredTokenSet, ct);

    public Task WriteTokensAsync(TenantContext tenant, string provider, string subject, StoredTokenSet tokens, CancellationToken ct) =>
        WriteAsync(TokenKey(tenant, provider, subject), tokens, BrokerRecordsJson.Default.StoredTokenSet, ct);

    public async Task DeleteTokensAsync(TenantContext tenant, string provider, string subject, CancellationToken ct) =>
        await state.DeleteAsync(TokenKey(tenant, provider, subject), ct);

    public Task WritePendingAsync(TenantContext tenant, string provider, string subject, PendingConsent pending, CancellationToken ct) =>
        WriteAsync(PendingKey(tenant, provider, subject, pending.Nonce), pending, BrokerRecordsJson.Default.PendingConsent, ct);

    /// <summary>Reads and deletes the pending consent; null when it is absent or another caller took it first (single use).</summary>
    public async Task<PendingConsent?> TakePendingAsync(TenantContext tenant, string provider, string subject, string nonce, CancellationToken ct)
    {
        var key = PendingKey(tenant, provider, subject, nonce);
        var pending = await ReadAsync(key, BrokerRecordsJson.Default.PendingConsent, ct);
        if (pending is null) return null;
        return await state.DeleteAsync(key, ct) ? pending : null;
    }

    /// <summary>The nonces of the consents pending for this provider and subject (at most <see cref="MaxPendingPerSubject"/>).</summary>
    public async Task<IReadOnlyList<string>> PendingNoncesAsync(TenantContext tenant, string provider, string subject, CancellationToken ct)
    {
        var folder = PendingFolder(provider, subject);
        var keys = await state.ListKeysAsync(tenant, Prefix, folder, MaxPendingPerSubject, ct);
        return keys.Select(k => k[folder.Length..]).ToList();
    }

    /// <summary>Reads the pending consent without taking it (to drop expired ones).</summary>
    public async Task<PendingConsent?> PeekPendingAsync(TenantContext tenant, string provider, string subject, string nonce, CancellationToken ct) =>
        await ReadAsync(PendingKey(tenant, provider, subject, nonce), BrokerRecordsJson.Default.PendingConsent, ct);

    public async Task DeletePendingAsync(TenantContext tenant, string provider, string subject, string nonce, CancellationToken ct) =>
        await state.DeleteAsync(PendingKey(tenant, provider, subject, nonce), ct);

    /// <summary>A short stable name for a subject: the first 128 bits of its SHA-256, hex. Also what logs show.</summary>
    public static string SubjectKey(string subject) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(subject)).AsSpan(0, 16));

    private static StateKey TokenKey(TenantContext tenant, string provider, string subject) =>
        new(tenant, Prefix, $"tokens/{provider}/{SubjectKey(subject)}");

    private static string PendingFolder(string provider, string subject) => $"pending/{provider}/{SubjectKey(subject)}/";

    private static StateKey PendingKey(TenantContext tenant, string provider, string subject, string nonce) =>
        new(tenant, Prefix, PendingFolder(provider, subject) + nonce);

    private async Task<T?> ReadAsync<T>(StateKey key, JsonTypeInfo<T> type, CancellationToken ct) where T : class
    {
        var sealedRecord = await state.ReadAsync(key, ct);
        if (sealedRecord is null) return null;
        var plaintext = sealer.Open(sealedRecord, key.ToScopedName());
        if (plaintext is null) return null;
        try
        {
            return JsonSerializer.Deserialize(plaintext, type);
        }
        catch (JsonException)
        {
            return null;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    private async Task WriteAsync<T>(StateKey key, T record, JsonTypeInfo<T> type, CancellationToken ct)
    {
        var plaintext = JsonSerializer.SerializeToUtf8Bytes(record, type);
        try
        {
            await state.WriteAsync(key, sealer.Seal(plaintext, key.ToScopedName()), ct);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }
}
