using System.Diagnostics;

namespace Greentic.Components.Bench;

/// <summary>The C# sidecar host serving the echo component on a Unix socket, as its own process.</summary>
internal sealed class SidecarChild : IDisposable
{
    private readonly Process process;

    private SidecarChild(Process process) => this.process = process;

    public static async Task<SidecarChild> StartAsync(string socket, string component)
    {
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "greentic-sidecar.dll"), "--listen", "unix://" + socket, "--component", component,
                     "--Logging:LogLevel:Default=Warning" })
            info.ArgumentList.Add(arg);
        var process = Process.Start(info) ?? throw new InvalidOperationException("the sidecar did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine($"sidecar: {e.Data}"); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var until = DateTime.UtcNow.AddSeconds(60);
        while (!File.Exists(socket))
        {
            if (process.HasExited || DateTime.UtcNow > until) throw new InvalidOperationException($"the sidecar did not listen on {socket}");
            await Task.Delay(50);
        }
        return new SidecarChild(process);
    }

    public void Dispose()
    {
        if (!process.HasExited) process.Kill(entireProcessTree: true);
        process.WaitForExit(5000);
        process.Dispose();
    }
}
