using Greentic.TestSupport;
using System.Diagnostics;

namespace Greentic.Sidecar.Host.Tests;

/// <summary>A supervised sidecar (GREENTIC_EXIT_WITH_PARENT=1) must not outlive a parent that was SIGKILLed.</summary>
public sealed class ExitWithParentTests
{
    public static TheoryData<string> Sidecars => new() { "csharp", "node" };

    private static string Command(string kind) => kind == "csharp"
        ? $"dotnet '{Path.Combine(AppContext.BaseDirectory, "greentic-sidecar.dll")}'"
        : $"node '{Path.Combine(RepoPaths.Root, "sidecars", "node", "sidecar.js")}'";

    /// <summary>
    /// The parent is gone before the sidecar has even started: bash launches it with its own pid as GREENTIC_PARENT_PID and
    /// exits at once, so the sidecar starts already re-parented and must notice that instead of adopting its new parent.
    /// </summary>
    [Theory, MemberData(nameof(Sidecars))]
    public async Task TheSidecarExitsWhenItsParentDiedInItsFirstMilliseconds(string kind)
    {
        var socket = Path.Combine(Path.GetTempPath(), $"gt-orphan-{Guid.NewGuid():N}.sock");
        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add($"GREENTIC_EXIT_WITH_PARENT=1 GREENTIC_PARENT_PID=$$ {Command(kind)} --listen 'unix://{socket}' >/dev/null 2>&1 & echo $!");
        using var parent = Process.Start(info)!;
        var sidecarPid = int.Parse((await parent.StandardOutput.ReadLineAsync())!.Trim());
        await parent.WaitForExitAsync();
        Process? sidecar = null;
        try
        {
            try { sidecar = Process.GetProcessById(sidecarPid); }
            catch (ArgumentException) { return; } // already gone: it noticed at once

            using var exited = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await sidecar.WaitForExitAsync(exited.Token);
            Assert.True(sidecar.HasExited);
        }
        finally
        {
            if (sidecar is { HasExited: false }) sidecar.Kill();
            sidecar?.Dispose();
            File.Delete(socket);
        }
    }

    [Theory, MemberData(nameof(Sidecars))]
    public async Task TheSidecarStopsWhenItsParentIsKilled(string kind)
    {
        var socket = Path.Combine(Path.GetTempPath(), $"gt-orphan-{Guid.NewGuid():N}.sock");
        var command = Command(kind);
        // bash is the parent: it starts the sidecar in the background, prints its pid, and waits.
        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add($"GREENTIC_EXIT_WITH_PARENT=1 {command} --listen 'unix://{socket}' >/dev/null 2>&1 & echo $!; wait");
        using var parent = Process.Start(info)!;
        var sidecarPid = int.Parse((await parent.StandardOutput.ReadLineAsync())!.Trim());
        using var sidecar = Process.GetProcessById(sidecarPid);
        try
        {
            var until = DateTime.UtcNow.AddSeconds(30);
            while (!File.Exists(socket) && DateTime.UtcNow < until) await Task.Delay(100);
            Assert.True(File.Exists(socket), $"{kind} sidecar did not start listening");

            parent.Kill(); // SIGKILL: bash cannot pass anything on to its child
            await parent.WaitForExitAsync();

            using var exited = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await sidecar.WaitForExitAsync(exited.Token);
            Assert.True(sidecar.HasExited);
        }
        finally
        {
            if (!sidecar.HasExited) sidecar.Kill();
            File.Delete(socket);
        }
    }
}
