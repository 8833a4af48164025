using System.Globalization;
using System.Runtime.InteropServices;

namespace Greentic.Sidecar.Host;

/// <summary>
/// Stops the sidecar when the process that started it dies, so a supervised sidecar never outlives a control
/// plane that was killed (SIGKILL gives the supervisor no chance to stop its children). Enabled by
/// <see cref="Variable"/>=1, which the supervisor sets together with its own pid in <see cref="ParentPidVariable"/>.
/// On Linux a parent's death re-parents the child, so <c>getppid()</c> differing from that pid is the signal —
/// also when the parent died before this process got this far. PR_SET_PDEATHSIG is not used because it follows
/// the thread that forked, and .NET may retire that thread while the parent lives on.
/// </summary>
internal sealed partial class ParentWatcher(IHostApplicationLifetime lifetime, ILogger<ParentWatcher> logger) : BackgroundService
{
    public const string Variable = "GREENTIC_EXIT_WITH_PARENT";
    public const string ParentPidVariable = "GREENTIC_PARENT_PID";

    public static bool Enabled => Environment.GetEnvironmentVariable(Variable) == "1" && OperatingSystem.IsLinux();

    /// <summary>True when the expected parent is already gone (checked before the host even starts).</summary>
    public static bool ParentGone() => Enabled && getppid() != ExpectedParent();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var parent = ExpectedParent();
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(250));
        do
        {
            if (getppid() == parent) continue;
            LogParentGone(logger, parent);
            lifetime.StopApplication();
            return;
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    /// <summary>The pid the supervisor wrote, else the parent at the time of asking.</summary>
    private static int ExpectedParent() =>
        int.TryParse(Environment.GetEnvironmentVariable(ParentPidVariable), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : getppid();

    [LibraryImport("libc")]
    private static partial int getppid();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Parent process {Pid} is gone; stopping the sidecar")]
    private static partial void LogParentGone(ILogger logger, int pid);
}
