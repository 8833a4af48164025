using System.Diagnostics;

namespace Greentic.ControlPlane.Bench;

/// <summary>A process the bench starts (sidecar, control plane) and kills at the end; ready once its socket exists.</summary>
internal sealed class ChildProcess : IDisposable
{
    private readonly Process _process;

    private ChildProcess(Process process) => _process = process;

    /// <summary>User + system CPU the process has used so far.</summary>
    public TimeSpan CpuTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    public static async Task<ChildProcess> StartAsync(string socket, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = false };
        foreach (var a in args) info.ArgumentList.Add(a);
        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start dotnet " + string.Join(' ', args));
        process.OutputDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        var until = DateTime.UtcNow.AddSeconds(60);
        while (!File.Exists(socket))
        {
            if (process.HasExited) throw new InvalidOperationException($"dotnet {string.Join(' ', args)} exited with {process.ExitCode}");
            if (DateTime.UtcNow > until) throw new TimeoutException($"{socket} did not appear within 60 s");
            await Task.Delay(50);
        }
        await Task.Delay(200);
        return new ChildProcess(process);
    }

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.WaitForExit(10_000);
        _process.Dispose();
    }
}
