using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Greentic.ControlPlane.Drain;

/// <summary>
/// SIGTERM, in order:
/// <list type="number">
/// <item>gRPC health turns NOT_SERVING (<see cref="DrainHealthCheck"/>) while every endpoint still serves;</item>
/// <item>after <see cref="DrainOptions.Delay"/> — time for the gateway's health probe and the kubelet's readiness probe
/// to eject this replica — the host stops Kestrel, which closes the listeners, sends HTTP/2 GOAWAY (new streams go to a
/// new connection, i.e. to another replica) and waits for the calls in flight;</item>
/// <item>calls still running after <see cref="DrainOptions.GracePeriod"/> are cut and the process exits.</item>
/// </list>
/// Step 1 and 2 run in <see cref="IHostedLifecycleService.StoppingAsync"/>, which the host awaits before it stops the
/// server; the host's ShutdownTimeout is set to cover both steps (<see cref="DrainHostOptionsSetup"/>).
/// </summary>
internal sealed partial class GracefulDrain(DrainState state, IOptions<DrainOptions> options, TimeProvider time, ILogger<GracefulDrain> logger)
    : IHostedLifecycleService
{
    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        state.Begin();
        var o = options.Value;
        Draining(logger, o.Delay, o.GracePeriod);
        try
        {
            await Task.Delay(o.Delay, time, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // The host's shutdown timeout ran out first: stop now.
        }
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 7201, Level = LogLevel.Information, Message = "Draining: health is NOT_SERVING; listeners close in {Delay}, calls in flight then get up to {GracePeriod}")]
    private static partial void Draining(ILogger logger, TimeSpan delay, TimeSpan gracePeriod);
}

/// <summary>The host waits for the drain delay and the grace period together.</summary>
internal sealed class DrainHostOptionsSetup(IOptions<DrainOptions> drain) : IConfigureOptions<HostOptions>
{
    public void Configure(HostOptions options)
    {
        var o = drain.Value;
        options.ShutdownTimeout = o.Delay + o.GracePeriod;
    }
}
