using System.Collections.Immutable;
using Greentic.Packs.Cache;
using Greentic.Packs.Index;
using Greentic.Packs.Locators;
using Greentic.Packs.Signing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Greentic.Packs.Runtime;

/// <summary>
/// Loads the pack index and keeps an immutable <see cref="PackRuntimeSnapshot"/> of every tenant's packs.
/// A reload: (1) fetch and parse the index; (2) for every entry, get the bytes (from the cache when the digest is
/// known, else from its locator), check the digest, the index signature (PACK_VERIFY_STRICT) and the pack itself
/// (layout, SBOM hashes, manifest signature), check name and version against the entry, and cache it; (3) build
/// each tenant's runtime, main pack then overlays in order; (4) swap the whole snapshot in one reference write.
/// Any failure in any step leaves the previous snapshot in place and records <c>last_error</c>: nothing is half loaded.
/// Reloads are serialized; readers never block.
/// </summary>
public sealed partial class PackRuntimeManager
{
    private sealed record State(PackRuntimeSnapshot Snapshot, DateTimeOffset? LastReload, DateTimeOffset? LastSuccess, string? LastError, IReadOnlyList<string> Warnings);

    private readonly PacksOptions _options;
    private readonly PackFetcher _fetcher;
    private readonly PackCache _cache;
    private readonly ILogger _log;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private State _state = new(PackRuntimeSnapshot.Empty, null, null, null, []);

    public PackRuntimeManager(IOptions<PacksOptions> options, PackFetcher fetcher, PackCache cache,
        ILogger<PackRuntimeManager>? log = null, TimeProvider? time = null)
    {
        _options = options.Value;
        _fetcher = fetcher;
        _cache = cache;
        _log = (ILogger?)log ?? NullLogger.Instance;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>The current snapshot (never null; empty before the first successful reload).</summary>
    public PackRuntimeSnapshot Current => Volatile.Read(ref _state).Snapshot;

    public PackCache Cache => _cache;

    public PackStatus GetStatus()
    {
        var s = Volatile.Read(ref _state);
        var tenants = s.Snapshot.Tenants.Values.OrderBy(t => t.Tenant, StringComparer.Ordinal)
            .Select(t => new TenantStatus(t.Tenant, t.Main.PackId, t.Main.Version, t.Main.Digest,
                t.Overlays.Select(o => new PackRef(o.PackId, o.Version, o.Digest)).ToArray()))
            .ToArray();
        return new PackStatus(tenants, s.LastReload, s.LastSuccess, s.LastError, s.Warnings);
    }

    /// <summary>Reloads from the configured index (PACK_INDEX_URL / PACK_SOURCE).</summary>
    public Task<ReloadResult> ReloadAsync(CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(_options.IndexLocation))
            return Task.FromResult(Fail("no pack index configured (set PACK_INDEX_URL or PACK_SOURCE)", [], _time.GetUtcNow()));
        return ReloadAsync(_options.IndexLocation, ct);
    }

    /// <summary>Reloads from the index at <paramref name="indexLocation"/>. Never throws for bad input; the result says what failed.</summary>
    public async Task<ReloadResult> ReloadAsync(string indexLocation, CancellationToken ct = default)
    {
        await _gate.WaitAsync(ct);
        var started = _time.GetUtcNow();
        var warnings = new List<string>();
        try
        {
            var (indexBytes, baseLocation) = await _fetcher.FetchIndexAsync(indexLocation, ct);
            var index = PackIndex.Parse(indexBytes, indexLocation);
            var policy = _options.TrustPolicy();
            if (policy.Strict && policy.TrustedKeys.Count == 0)
                throw new PackVerificationException(indexLocation, "PACK_VERIFY_STRICT is on but no PACK_PUBLIC_KEY is configured");
            var loaded = new Dictionary<(string Locator, string? Digest), LoadedPack>();
            var tenants = ImmutableDictionary.CreateBuilder<string, TenantRuntime>(StringComparer.Ordinal);
            foreach (var (tenant, packs) in index.Tenants)
            {
                var list = new List<LoadedPack>();
                int i = 0;
                foreach (var entry in packs.InLoadOrder)
                {
                    var label = i == 0 ? $"tenant '{tenant}' main_pack '{entry.Name}'" : $"tenant '{tenant}' overlay '{entry.Name}'";
                    i++;
                    if (!loaded.TryGetValue((entry.Locator, entry.Digest), out var lp))
                    {
                        lp = await LoadEntryAsync(entry, baseLocation, policy, label, warnings, ct);
                        loaded[(entry.Locator, entry.Digest)] = lp;
                    }
                    list.Add(lp);
                }
                tenants[tenant] = TenantRuntime.Build(tenant, list[0], list.Skip(1).ToArray());
            }
            var snapshot = new PackRuntimeSnapshot(tenants.ToImmutable(), PackDigest.Sha256(indexBytes), started);
            await CacheComponentsAsync(snapshot, ct);
            Volatile.Write(ref _state, new State(snapshot, started, started, null, warnings));
            foreach (var w in warnings) LogWarning(_log, w);
            LogReloaded(_log, snapshot.Tenants.Count, indexLocation);
            EvictIfNeeded(snapshot);
            return new ReloadResult(true, null, warnings, snapshot);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // Expected failures are PackFormatException (bad input, named); anything else is reported with its type.
            return Fail(ex is PackFormatException or IOException or FormatException ? ex.Message : $"{ex.GetType().Name}: {ex.Message}", warnings, started);
        }
        finally
        {
            _gate.Release();
        }
    }

    private ReloadResult Fail(string error, IReadOnlyList<string> warnings, DateTimeOffset at)
    {
        var old = Volatile.Read(ref _state);
        Volatile.Write(ref _state, old with { LastReload = at, LastError = error, Warnings = warnings });
        LogReloadFailed(_log, error);
        return new ReloadResult(false, error, warnings, old.Snapshot);
    }

    private async Task<LoadedPack> LoadEntryAsync(PackIndexEntry entry, string baseLocation, TrustPolicy policy, string label,
        List<string> warnings, CancellationToken ct)
    {
        byte[]? bytes = null;
        bool fromCache = false;
        if (entry.Digest is not null && (bytes = await _cache.TryReadAsync(entry.Digest, ct)) is not null) fromCache = true;
        if (bytes is null)
        {
            try { bytes = await _fetcher.FetchAsync(entry.Locator, baseLocation, ct); }
            catch (PackFormatException ex) { throw new PackFormatException(label, ex.Message, ex); }
        }
        var digest = PackDigest.Sha256(bytes);
        if (entry.Digest is not null && entry.Digest != digest)
            throw new PackVerificationException(label, $"digest mismatch: index says {entry.Digest}, {entry.Locator} hashes to {digest}");
        if (IndexSignatures.Check(entry, digest, policy, label) is { } w1) warnings.Add(w1);
        var pack = GtPack.Open(bytes, $"{label} ({entry.Locator})", _options.Reader);
        var summary = PackSigner.Verify(pack, policy);
        if (summary.Warning is not null) warnings.Add(summary.Warning);
        var m = pack.Manifest;
        if (entry.Name != m.PackId && entry.Name != m.Name)
            throw new PackFormatException(label, $"index names '{entry.Name}' but the pack is '{m.PackId}'");
        if (entry.Version is not null && entry.Version != m.Version)
            throw new PackFormatException(label, $"index says version {entry.Version} but the pack is version {m.Version}");
        if (fromCache) _cache.MarkRefreshed(digest);
        else await _cache.PutAsync(bytes, digest, ct);
        return new LoadedPack(entry, digest, pack, summary, _cache.GetPath(digest));
    }

    /// <summary>Stores every loaded component's wasm as its own blob, so get-by-digest can serve it by path.</summary>
    private async Task CacheComponentsAsync(PackRuntimeSnapshot snapshot, CancellationToken ct)
    {
        foreach (var p in snapshot.AllPacks)
            foreach (var c in p.Pack.Manifest.Components)
            {
                var digest = p.Pack.ComponentDigest(c.Id);
                if (!_cache.Contains(digest)) await _cache.PutAsync(p.Pack.ComponentWasm(c.Id), digest, ct);
            }
    }

    private static IEnumerable<string> PinnedDigests(PackRuntimeSnapshot snapshot) =>
        snapshot.AllPacks.SelectMany(p => p.Pack.Manifest.Components.Select(c => p.Pack.ComponentDigest(c.Id)).Append(p.Digest));

    /// <summary>
    /// The distributor's resolve-component for <paramref name="tenant"/>: the component as that tenant sees it
    /// (overlays applied), provided it comes from pack <paramref name="packId"/> (any pack when null or empty) and,
    /// when <paramref name="version"/> is given, has that component version. Null when not loaded (NOT_FOUND).
    /// </summary>
    public ComponentResolution? ResolveComponent(string tenant, string? packId, string componentId, string? version = null)
    {
        var rt = Current[tenant];
        if (rt is null || !rt.Components.TryGetValue(componentId, out var c)) return null;
        if (!string.IsNullOrEmpty(packId) && c.Source.PackId != packId) return null;
        if (!string.IsNullOrEmpty(version) && c.Manifest.Version != version) return null;
        var digest = c.Digest;
        var info = _cache.GetInfo(digest);
        if (info is not null) _cache.Touch(digest);
        // No blob (removed from the cache since the reload): no location, rather than the pack's path, which is a
        // .gtpack and not the component's wasm. Cache stays null so the caller knows to restore the blob.
        return new ComponentResolution("ready", digest, "file", info?.Path ?? "", c.Source.Signature,
            info, c.Source.Pack.Manifest.SecretRequirements, c);
    }

    private void EvictIfNeeded(PackRuntimeSnapshot snapshot)
    {
        if (_options.CacheMaxBytes <= 0) return;
        var pinned = PinnedDigests(snapshot).ToHashSet(StringComparer.Ordinal);
        var removed = _cache.Evict(_options.CacheMaxBytes, pinned);
        if (removed.Count > 0) LogEvicted(_log, removed.Count);
    }

    /// <summary>
    /// Resolves a reference for the distributor's resolve-ref: a digest (<c>sha256:…</c>), or <c>pack_id</c>,
    /// <c>pack_id@version</c> / <c>pack_id:version</c> among the loaded packs (highest version when unqualified).
    /// It searches every tenant's packs: a tenant-facing caller must scope the answer to the caller's tenant
    /// (the control plane's distributor resolves refs in the tenant's runtime instead).
    /// </summary>
    public LoadedPack? ResolveRef(string reference)
    {
        var packs = Current.AllPacks.ToList();
        if (PackDigest.IsValid(reference)) return packs.FirstOrDefault(p => p.Digest == reference);
        int at = reference.LastIndexOfAny(['@', ':']);
        var (id, version) = at > 0 ? (reference[..at], reference[(at + 1)..]) : (reference, null);
        return packs.Where(p => p.PackId == id && (version is null || p.Version == version))
            .OrderByDescending(p => p.Pack.Manifest.SemVersion).FirstOrDefault();
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Packs reloaded: {TenantCount} tenants from {Index}")]
    private static partial void LogReloaded(ILogger log, int tenantCount, string index);

    [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "Pack reload failed; keeping the previous packs: {Error}")]
    private static partial void LogReloadFailed(ILogger log, string error);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "{Warning}")]
    private static partial void LogWarning(ILogger log, string warning);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "Pack cache: evicted {Count} blobs over the byte budget")]
    private static partial void LogEvicted(ILogger log, int count);
}
