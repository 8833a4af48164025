using System.Collections.Concurrent;
using System.Diagnostics;
using Grpc.Core;
using Greentic.Providers.Channels;
using Grpc.Health.V1;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Greentic.ControlPlane.Supervision;

/// <summary>
/// Runs the configured local sidecars: starts each, checks its gRPC health, restarts it when it exits or stays
/// unhealthy (exponential backoff, reset after a healthy minute), and stops them all when the host stops.
/// One loop per sidecar; a sidecar that cannot start at all is retried with backoff, never given up on.
/// In a host, nothing starts before the host's endpoints are bound (<see cref="IHostApplicationLifetime.ApplicationStarted"/>):
/// a host that fails to start — its port taken — never launched a child to leave behind.
/// </summary>
/// <param name="lifetime">The host's lifetime; without one (a supervisor used on its own) sidecars start at once.</param>
public sealed partial class SidecarSupervisor(
    IOptions<SidecarSupervisorOptions> options, ILogger<SidecarSupervisor> logger, IHostApplicationLifetime? lifetime = null) : BackgroundService
{
    private static readonly TimeSpan HealthyResetAfter = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan ExitGrace = TimeSpan.FromSeconds(3);
    private readonly ConcurrentDictionary<string, SidecarState> _states = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Process> _processes = new(StringComparer.Ordinal);

    public IReadOnlyCollection<SidecarState> States => _states.Values.ToList();

    public SidecarState? State(string name) => _states.GetValueOrDefault(name);

    /// <summary>Every configured sidecar, including those not started yet (shown as starting, no process).</summary>
    public IReadOnlyList<SidecarState> Configured =>
        options.Value.Sidecars.Select(s => State(s.Key) ?? new SidecarState(s.Key, s.Value.Address, SidecarPhase.Starting, null, 0, null)).ToList();

    /// <summary>The supervised sidecar serving <paramref name="address"/>, if any.</summary>
    public SidecarState? StateAt(string address) =>
        Configured.FirstOrDefault(s => string.Equals(s.Address, address, StringComparison.Ordinal));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (lifetime is not null && !await StartedAsync(lifetime, stoppingToken)) return;
        await Task.WhenAll(options.Value.Sidecars.Select(s => SuperviseAsync(s.Key, s.Value, stoppingToken)));
    }

    /// <summary>True once the host has started; false when it stops (or fails to start) first.</summary>
    private static async Task<bool> StartedAsync(IHostApplicationLifetime lifetime, CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var onStarted = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        using var onStopping = stoppingToken.Register(() => started.TrySetCanceled(stoppingToken));
        try
        {
            await started.Task.ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private async Task SuperviseAsync(string name, SupervisedSidecar sidecar, CancellationToken stop)
    {
        var backoff = sidecar.MinBackoff;
        var restarts = 0;
        while (!stop.IsCancellationRequested)
        {
            Process? process = null;
            var started = DateTime.UtcNow;
            string exit;
            try
            {
                process = Start(sidecar);
                _processes[name] = process;
                _states[name] = new SidecarState(name, sidecar.Address, SidecarPhase.Starting, process.Id, restarts, _states.GetValueOrDefault(name)?.LastExit);
                LogStarted(logger, name, process.Id);
                exit = await WatchAsync(name, sidecar, process, restarts, stop);
            }
            catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException or IOException)
            {
                exit = $"could not start: {e.Message}";
            }
            finally
            {
                if (process is not null) { Kill(process); process.Dispose(); }
                _processes.TryRemove(name, out _);
            }
            if (stop.IsCancellationRequested) break;
            restarts++;
            if (DateTime.UtcNow - started > HealthyResetAfter) backoff = sidecar.MinBackoff;
            _states[name] = new SidecarState(name, sidecar.Address, SidecarPhase.Restarting, null, restarts, exit, DateTimeOffset.UtcNow + backoff);
            LogRestarting(logger, name, exit, backoff.TotalMilliseconds);
            try { await Task.Delay(backoff, stop); } catch (OperationCanceledException) { break; }
            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, sidecar.MaxBackoff.Ticks));
        }
    }

    /// <summary>Health-checks until the process exits or stays unhealthy; returns why it must be restarted.</summary>
    private async Task<string> WatchAsync(string name, SupervisedSidecar sidecar, Process process, int restarts, CancellationToken stop)
    {
        using var channel = TargetChannel.Create(sidecar.Address);
        var health = new Grpc.Health.V1.Health.HealthClient(channel.Invoker);
        var failures = 0;
        var everHealthy = false;
        var graceEnds = DateTime.UtcNow + sidecar.StartGrace;
        while (!stop.IsCancellationRequested)
        {
            var exited = process.WaitForExitAsync(stop);
            var tick = Task.Delay(sidecar.HealthInterval, stop);
            if (await Task.WhenAny(exited, tick) == exited && process.HasExited)
                return $"exited with code {process.ExitCode}";
            if (stop.IsCancellationRequested) break;
            var healthy = await IsServingAsync(health, stop);
            everHealthy |= healthy;
            failures = healthy || (!everHealthy && DateTime.UtcNow < graceEnds) ? 0 : failures + 1;
            var phase = healthy ? SidecarPhase.Serving : _states.GetValueOrDefault(name)?.Phase == SidecarPhase.Starting ? SidecarPhase.Starting : SidecarPhase.Unhealthy;
            _states[name] = new SidecarState(name, sidecar.Address, phase, process.Id, restarts, _states.GetValueOrDefault(name)?.LastExit);
            if (failures >= sidecar.UnhealthyThreshold)
            {
                // A dead process fails its checks before its exit is reaped: name the real cause when it is that.
                try { await process.WaitForExitAsync(CancellationToken.None).WaitAsync(ExitGrace, stop); }
                catch (TimeoutException) { return $"unhealthy for {failures} checks"; }
                return $"exited with code {process.ExitCode}";
            }
        }
        return "stopping";
    }

    private static async Task<bool> IsServingAsync(Grpc.Health.V1.Health.HealthClient health, CancellationToken stop)
    {
        try
        {
            var response = await health.CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(1), cancellationToken: stop);
            return response.Status == HealthCheckResponse.Types.ServingStatus.Serving;
        }
        catch (RpcException)
        {
            return false;
        }
    }

    private static Process Start(SupervisedSidecar sidecar)
    {
        var info = new ProcessStartInfo(sidecar.Command)
        {
            UseShellExecute = false,
            RedirectStandardOutput = false,
            RedirectStandardError = false,
            WorkingDirectory = sidecar.WorkingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var arg in sidecar.Args) info.ArgumentList.Add(arg);
        foreach (var (key, value) in sidecar.Environment) info.Environment[key] = value;
        // The sidecar exits by itself if this process dies without stopping it (e.g. SIGKILL).
        info.Environment["GREENTIC_EXIT_WITH_PARENT"] = "1";
        info.Environment["GREENTIC_PARENT_PID"] = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Process.Start(info) ?? throw new InvalidOperationException($"'{sidecar.Command}' did not start");
    }

    private static void Kill(Process process)
    {
        try
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            process.WaitForExit(5000);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        foreach (var process in _processes.Values) Kill(process);
    }

    /// <summary>Also on paths that never call <see cref="StopAsync"/> (a host disposed after a failed start): no child outlives us.</summary>
    public override void Dispose()
    {
        base.Dispose();
        foreach (var process in _processes.Values) Kill(process);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Sidecar {Name} started (pid {Pid})")]
    private static partial void LogStarted(ILogger logger, string name, int pid);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sidecar {Name} {Reason}; restarting in {DelayMs} ms")]
    private static partial void LogRestarting(ILogger logger, string name, string reason, double delayMs);
}
