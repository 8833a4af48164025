using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Greentic.ControlPlane.Routing;

/// <summary>What AdminService shows about routing: the live policy and the last reload attempt.</summary>
public sealed record RoutingPolicyStatus(
    string Version,
    int RuleCount,
    IReadOnlyList<string> Files,
    DateTimeOffset? LastAttempt,
    DateTimeOffset? LastSuccess,
    string? LastError,
    IReadOnlyList<PolicyError> LastErrors);

/// <summary>The live routing policy.</summary>
public interface IRoutingPolicyProvider
{
    /// <summary>The current snapshot; hold on to it for the whole of one call.</summary>
    RoutingPolicy Current { get; }

    RoutingPolicyStatus Status { get; }

    /// <summary>Reloads now. Returns false (and keeps the current policy) when the files do not load.</summary>
    Task<bool> ReloadAsync(CancellationToken cancellationToken);

    /// <summary>Raised after a new policy has been swapped in.</summary>
    event Action<RoutingPolicy>? Changed;
}

/// <summary>
/// Holds the routing policy as an immutable snapshot, replaced by one reference swap. Loads the directory at
/// construction, then (as a hosted service) reloads when a FileSystemWatcher reports a change (debounced) or
/// when polling sees the directory's listing, sizes or times change — the watcher misses events on some
/// file systems and mounts. A reload that fails keeps the previous policy and records the errors.
/// </summary>
public sealed class RoutingPolicyProvider : BackgroundService, IRoutingPolicyProvider
{
    private readonly IOptionsMonitor<RoutingOptions> _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _reloadGate = new(1, 1);
    private readonly SemaphoreSlim _changeSignal = new(0, 1);
    private RoutingPolicy _current = RoutingPolicy.Empty;
    private RoutingPolicyStatus _status;
    private string? _fingerprint;

    public RoutingPolicyProvider(IOptionsMonitor<RoutingOptions> options, TimeProvider? time = null, ILogger<RoutingPolicyProvider>? logger = null)
    {
        _options = options;
        _time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger<RoutingPolicyProvider>.Instance;
        _status = new RoutingPolicyStatus(RoutingPolicy.Empty.Version, 0, [], null, null, null, []);
        ReloadCore();
    }

    public RoutingPolicy Current => Volatile.Read(ref _current);

    public RoutingPolicyStatus Status => Volatile.Read(ref _status);

    public event Action<RoutingPolicy>? Changed;

    public async Task<bool> ReloadAsync(CancellationToken cancellationToken)
    {
        await _reloadGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await Task.Run(ReloadUnlocked, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _reloadGate.Release();
        }
    }

    private bool ReloadCore()
    {
        _reloadGate.Wait();
        try
        {
            return ReloadUnlocked();
        }
        finally
        {
            _reloadGate.Release();
        }
    }

    private bool ReloadUnlocked()
    {
        var directory = _options.CurrentValue.Directory;
        var now = _time.GetUtcNow();
        _fingerprint = Fingerprint(directory);
        RoutingPolicy policy;
        try
        {
            policy = string.IsNullOrWhiteSpace(directory) ? RoutingPolicy.Empty : RoutingPolicyLoader.LoadDirectory(directory, now);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The loader reports bad files as RoutingPolicyException; anything else is still a failed reload, never a dead host.
            var errors = ex is RoutingPolicyException refused
                ? refused.Errors
                : [new PolicyError(directory ?? "(routing)", 0, 0, "(load)", $"the policy could not be loaded: {ex.Message}")];
            var message = ex is RoutingPolicyException ? ex.Message : errors[0].ToString();
            var old = Status;
            Volatile.Write(ref _status, old with { LastAttempt = now, LastError = message, LastErrors = errors });
            RoutingLog.ReloadFailed(_logger, directory ?? "", errors.Count, message);
            return false;
        }
        var changed = policy.Version != Current.Version;
        if (changed)
        {
            Volatile.Write(ref _current, policy);
        }
        var live = Current;
        Volatile.Write(ref _status, new RoutingPolicyStatus(live.Version, live.Rules.Count, live.Files, now, now, null, []));
        if (changed)
        {
            RoutingLog.Reloaded(_logger, directory ?? "", live.Rules.Count, live.Files.Count, live.Version);
            try
            {
                Changed?.Invoke(live);
            }
            catch (Exception ex)
            {
                RoutingLog.ChangedHandlerFailed(_logger, ex);
            }
        }
        return true;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        FileSystemWatcher? watcher = null;
        string? watched = null;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var options = _options.CurrentValue;
                if (options.Watch && watched != options.Directory)
                {
                    watcher?.Dispose();
                    watcher = TryWatch(options.Directory);
                    watched = watcher is null ? null : options.Directory;
                }
                var signalled = await _changeSignal.WaitAsync(options.PollInterval, stoppingToken).ConfigureAwait(false);
                try
                {
                    if (signalled)
                    {
                        // Let the burst of events an editor produces settle, then reload once.
                        await Task.Delay(options.Debounce, _time, stoppingToken).ConfigureAwait(false);
                        while (_changeSignal.Wait(0)) { }
                        await ReloadAsync(stoppingToken).ConfigureAwait(false);
                    }
                    else if (Fingerprint(options.Directory) != _fingerprint)
                    {
                        await ReloadAsync(stoppingToken).ConfigureAwait(false);
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // A faulted BackgroundService stops the host; a watcher problem must only stop this round.
                    RoutingLog.WatchRoundFailed(_logger, ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            watcher?.Dispose();
        }
    }

    private FileSystemWatcher? TryWatch(string? directory)
    {
        if (string.IsNullOrWhiteSpace(directory) || !Directory.Exists(directory)) return null;
        try
        {
            var watcher = new FileSystemWatcher(directory)
            {
                IncludeSubdirectories = true,
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size,
            };
            FileSystemEventHandler onChange = (_, _) => Signal();
            watcher.Changed += onChange;
            watcher.Created += onChange;
            watcher.Deleted += onChange;
            watcher.Renamed += (_, _) => Signal();
            watcher.Error += (_, e) => RoutingLog.WatcherFailed(_logger, directory, e.GetException().Message);
            watcher.EnableRaisingEvents = true;
            return watcher;
        }
        catch (Exception ex) when (ex is IOException or ArgumentException or PlatformNotSupportedException)
        {
            RoutingLog.WatcherFailed(_logger, directory, ex.Message);
            return null;
        }
    }

    private void Signal()
    {
        try
        {
            _changeSignal.Release();
        }
        catch (SemaphoreFullException)
        {
            // A reload is already pending.
        }
        catch (ObjectDisposedException)
        {
            // The host is stopping; a change seen on the way out (its folder being deleted) needs no reload.
        }
    }

    /// <summary>Names, sizes and write times of the policy files: cheap to compute, changes with any edit.</summary>
    private static string Fingerprint(string? directory)
    {
        if (string.IsNullOrWhiteSpace(directory)) return "none";
        if (!Directory.Exists(directory)) return "missing";
        try
        {
            var parts = RoutingPolicyLoader.EnumeratePolicyFiles(directory).Select(p =>
            {
                var info = new FileInfo(p);
                return $"{p}|{info.Length}|{info.LastWriteTimeUtc.Ticks}";
            });
            return string.Join("\n", parts);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return "unreadable:" + ex.Message;
        }
    }

    public override void Dispose()
    {
        base.Dispose();
        _reloadGate.Dispose();
        _changeSignal.Dispose();
    }
}
