using Greentic.TestSupport;
using Greentic.ControlPlane.Supervision;
using Microsoft.Extensions.Options;

namespace Greentic.Sidecar.Host.Tests.Resilience;

/// <summary>The supervisor against real child processes: restart on exit with growing backoff, restart when
/// unhealthy, and no child (or grandchild) left behind when it stops.</summary>
public sealed class SidecarSupervisorTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly string _dir = Directory.CreateTempSubdirectory("gt-sup-").FullName;
    private readonly RecordingLogger<SidecarSupervisor> _log = new();

    private SidecarSupervisor Supervisor(SupervisedSidecar sidecar) => new(
        Options.Create(new SidecarSupervisorOptions { Sidecars = { ["s"] = sidecar } }), _log);

    private SupervisedSidecar Shell(string script) => new()
    {
        Command = "sh",
        Args = ["-c", script],
        Address = "unix://" + Path.Combine(_dir, "nobody-listens.sock"),
        WorkingDirectory = _dir,
        HealthInterval = TimeSpan.FromMilliseconds(200),
    };

    [Fact]
    public async Task ASidecarThatExitsIsRestartedWithDoublingBackoff()
    {
        var starts = Path.Combine(_dir, "starts.txt");
        var sidecar = Shell("date +%s%N >> starts.txt; exit 3");
        sidecar.MinBackoff = TimeSpan.FromMilliseconds(200);
        sidecar.MaxBackoff = TimeSpan.FromSeconds(30);
        var supervisor = Supervisor(sidecar);
        await supervisor.StartAsync(CancellationToken.None);
        try
        {
            await EchoLoad.WaitUntilAsync(() => Lines(starts).Length >= 5, Patience, () => $"{Lines(starts).Length} starts");
        }
        finally
        {
            await supervisor.StopAsync(CancellationToken.None);
        }

        var state = supervisor.State("s")!;
        Assert.Equal("exited with code 3", state.LastExit);
        Assert.True(state.Restarts >= 4, state.ToString());
        var announced = _log.Messages.Where(m => m.Contains("restarting in", StringComparison.Ordinal)).Take(4).ToList();
        Assert.Equal(
            ["Sidecar s exited with code 3; restarting in 200 ms", "Sidecar s exited with code 3; restarting in 400 ms",
             "Sidecar s exited with code 3; restarting in 800 ms", "Sidecar s exited with code 3; restarting in 1600 ms"],
            announced);
        // The waits really happened: each gap between starts is at least the announced backoff (a busy machine only
        // adds), less 5 %: the stamps come from the shell's wall clock, the delays from the runtime's monotonic timers.
        var ns = Lines(starts).Take(5).Select(long.Parse).ToArray();
        for (var i = 0; i < 4; i++)
            Assert.True(ns[i + 1] - ns[i] >= (200_000_000L << i) * 95 / 100, $"gap {i}: {(ns[i + 1] - ns[i]) / 1e6} ms");
    }

    [Fact]
    public async Task ASidecarThatRunsButNeverTurnsHealthyIsReplaced()
    {
        var pids = Path.Combine(_dir, "pids.txt");
        var sidecar = Shell("echo $$ >> pids.txt; exec sleep 600");
        sidecar.UnhealthyThreshold = 2;
        sidecar.StartGrace = TimeSpan.FromMilliseconds(500);
        sidecar.MinBackoff = TimeSpan.FromMilliseconds(100);
        var supervisor = Supervisor(sidecar);
        await supervisor.StartAsync(CancellationToken.None);
        try
        {
            await EchoLoad.WaitUntilAsync(() => Lines(pids).Length >= 2 && supervisor.State("s")?.ProcessId is not null,
                Patience, () => $"{Lines(pids).Length} starts, state {supervisor.State("s")}");
            var state = supervisor.State("s")!;
            Assert.Equal("unhealthy for 2 checks", state.LastExit);
            Assert.False(state.Healthy);
            var first = int.Parse(Lines(pids)[0]);
            Assert.False(ProcessProbe.IsAlive(first), $"the unhealthy sidecar {first} must have been killed");
            Assert.True(ProcessProbe.IsAlive(state.ProcessId!.Value), "its replacement runs");
        }
        finally
        {
            await supervisor.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task StoppingTheHostStopsTheSidecarAndItsChildren()
    {
        var sidecar = Shell("sleep 600 & echo $! > grandchild.pid; wait");
        var supervisor = Supervisor(sidecar);
        await supervisor.StartAsync(CancellationToken.None);
        var grandchildFile = Path.Combine(_dir, "grandchild.pid");
        await EchoLoad.WaitUntilAsync(() => Lines(grandchildFile).Length == 1 && supervisor.State("s")?.ProcessId is not null,
            Patience, () => $"state {supervisor.State("s")}");
        var child = supervisor.State("s")!.ProcessId!.Value;
        var grandchild = int.Parse(Lines(grandchildFile)[0]);
        Assert.True(ProcessProbe.IsAlive(child) && ProcessProbe.IsAlive(grandchild));

        await supervisor.StopAsync(CancellationToken.None);

        await ProcessProbe.WaitUntilGoneAsync(child, TimeSpan.FromSeconds(10));
        await ProcessProbe.WaitUntilGoneAsync(grandchild, TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task StoppingTheControlPlaneLeavesNoSidecarProcessBehind()
    {
        var cp = await SupervisedSidecarControlPlane.StartAsync("timeout: 5s", TimeSpan.FromMilliseconds(100));
        var pid = cp.SidecarState!.ProcessId!.Value;
        Assert.True(ProcessProbe.IsAlive(pid));
        await cp.DisposeAsync();
        await ProcessProbe.WaitUntilGoneAsync(pid, TimeSpan.FromSeconds(10));
    }

    private static string[] Lines(string path) =>
        File.Exists(path) ? File.ReadAllLines(path).Where(l => l.Length > 0).ToArray() : [];

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}
