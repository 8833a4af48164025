using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Greentic.ControlPlane.Auth;

/// <summary>Supplies the trusted verification keys.</summary>
public interface IJwksProvider
{
    /// <summary>The current key set, fetched when none is cached or the cached one is older than the refresh interval.</summary>
    /// <exception cref="JwksUnavailableException">No key set was ever fetched and fetching fails now.</exception>
    ValueTask<JsonWebKeySet> GetKeysAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Called when a token names a kid the cached set lacks (the issuer may have rotated keys): fetches again
    /// unless a fetch happened within the minimum refresh interval, so a stream of made-up kids cannot turn
    /// into a stream of fetches.
    /// </summary>
    ValueTask<JsonWebKeySet> RefreshForUnknownKidAsync(string kid, CancellationToken cancellationToken);

    string Description { get; }
}

/// <summary>
/// Caches a key set from an <see cref="IJwksSource"/>. One fetch at a time; a failed refresh keeps the
/// previous set (and is retried no sooner than the minimum interval).
/// </summary>
public sealed class JwksProvider : IJwksProvider, IDisposable
{
    private readonly IJwksSource _source;
    private readonly TimeSpan _refreshInterval;
    private readonly TimeSpan _minRefreshInterval;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile State? _state;
    private DateTimeOffset _lastAttempt = DateTimeOffset.MinValue;
    private string? _lastError;

    private sealed record State(JsonWebKeySet Keys, DateTimeOffset FetchedAt);

    public JwksProvider(IJwksSource source, TimeSpan refreshInterval, TimeSpan minRefreshInterval, TimeProvider? time = null, ILogger<JwksProvider>? logger = null)
    {
        _source = source;
        _refreshInterval = refreshInterval;
        _minRefreshInterval = minRefreshInterval;
        _time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger<JwksProvider>.Instance;
    }

    public string Description => _source.Description;

    /// <summary>The error of the last failed fetch, cleared by a successful one.</summary>
    public string? LastError => _lastError;

    /// <summary>How many fetches were attempted (for tests and metrics).</summary>
    public int FetchCount { get; private set; }

    public async ValueTask<JsonWebKeySet> GetKeysAsync(CancellationToken cancellationToken)
    {
        var state = _state;
        if (state is not null && _time.GetUtcNow() - state.FetchedAt < _refreshInterval)
        {
            return state.Keys;
        }
        return await RefreshAsync(unknownKid: null, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<JsonWebKeySet> RefreshForUnknownKidAsync(string kid, CancellationToken cancellationToken) =>
        await RefreshAsync(kid, cancellationToken).ConfigureAwait(false);

    private async Task<JsonWebKeySet> RefreshAsync(string? unknownKid, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var now = _time.GetUtcNow();
            var state = _state;
            // Another caller may have refreshed while we waited.
            if (state is not null)
            {
                var fresh = now - state.FetchedAt < _refreshInterval;
                if (unknownKid is null && fresh) return state.Keys;
                if (unknownKid is not null && state.Keys.ContainsKid(unknownKid)) return state.Keys;
            }
            if (now - _lastAttempt < _minRefreshInterval)
            {
                // Rate limited: serve what we have, or report the last failure.
                return state?.Keys ?? throw new JwksUnavailableException(
                    $"no trusted keys: {_lastError ?? "the key set has not been fetched"}; next attempt after {(_lastAttempt + _minRefreshInterval):u}");
            }
            _lastAttempt = now;
            FetchCount++;
            try
            {
                var bytes = await _source.FetchAsync(cancellationToken).ConfigureAwait(false);
                JsonWebKeySet keys;
                try
                {
                    keys = JsonWebKeySet.Parse(bytes);
                }
                catch (FormatException ex)
                {
                    throw new JwksUnavailableException($"JWKS from {_source.Description} is invalid: {ex.Message}", ex);
                }
                foreach (var reason in keys.Skipped)
                {
                    AuthLog.JwksKeySkipped(_logger, _source.Description, reason);
                }
                _state = new State(keys, now);
                _lastError = null;
                AuthLog.JwksRefreshed(_logger, _source.Description, keys.Keys.Count, unknownKid ?? "");
                return keys;
            }
            catch (JwksUnavailableException ex)
            {
                _lastError = ex.Message;
                AuthLog.JwksRefreshFailed(_logger, _source.Description, ex.Message);
                if (state is not null) return state.Keys;
                throw;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();
}
