using System.Runtime.InteropServices;

namespace Greentic.Sidecar.Host;

/// <summary>
/// Stops the sidecar when the process that started it dies, so a supervised sidecar never outlives a control
/// plane that was killed (SIGKILL gives the supervisor no chance to stop its children). Enabled by
/// <see cref="Variable"/>=1, which the supervisor sets. On Linux a parent's death re-parents the child, so
/// <c>getppid()</c> changing is the signal; PR_SET_PDEATHSIG is not used because it follows the thread that
/// forked, and .NET may retire that thread while the parent lives on.
/// </summary>
internal sealed partial class ParentWatcher(IHostApplicationLifetime lifetime, ILogger<ParentWatcher> logger) : BackgroundService
{
    public const string Variable = "GREENTIC_EXIT_WITH_PARENT";

    public static bool Enabled => Environment.GetEnvironmentVariable(Variable) == "1" && OperatingSystem.IsLinux();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var parent = getppid();
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(500));
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            if (getppid() == parent) continue;
            LogParentGone(logger, parent);
            lifetime.StopApplication();
            return;
        }
    }

    [LibraryImport("libc")]
    private static partial int getppid();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Parent process {Pid} is gone; stopping the sidecar")]
    private static partial void LogParentGone(ILogger logger, int pid);
}
