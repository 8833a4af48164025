using System.Diagnostics;
using System.Text;

namespace Greentic.TestSupport;

/// <summary>
/// Runs a program to completion with captured output. Variables the CLI and clients read (GREENTIC_*, ADMIN_TOKEN)
/// are cleared unless given, so a developer's shell cannot change the outcome. A process still running at the
/// timeout is killed with its children and the run fails.
/// </summary>
public static class ProcessRunner
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);
    private static readonly string[] ClearedVariables = ["GREENTIC_ADDRESS", "GREENTIC_TOKEN", "GREENTIC_TENANT", "GREENTIC_ENV", "ADMIN_TOKEN"];

    public static ProcessStartInfo StartInfo(string fileName, IEnumerable<string> args, string workingDirectory, IReadOnlyDictionary<string, string>? env = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in args) info.ArgumentList.Add(arg);
        foreach (var name in ClearedVariables) info.Environment.Remove(name);
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        if (env is not null)
            foreach (var (key, value) in env) info.Environment[key] = value;
        return info;
    }

    public static async Task<ProcessResult> RunAsync(
        string fileName, IEnumerable<string> args, string workingDirectory, IReadOnlyDictionary<string, string>? env = null, TimeSpan? timeout = null)
    {
        var info = StartInfo(fileName, args, workingDirectory, env);
        var command = $"{fileName} {string.Join(' ', info.ArgumentList)}";
        using var process = Start(info, command);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout ?? DefaultTimeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            Kill(process);
            throw new TimeoutException($"`{command}` did not finish within {(timeout ?? DefaultTimeout).TotalSeconds} s and was killed\n" +
                $"--- stdout ---\n{await stdout}\n--- stderr ---\n{await stderr}");
        }
        return new ProcessResult(command, process.ExitCode, await stdout, await stderr);
    }

    public static Process Start(ProcessStartInfo info, string command)
    {
        try
        {
            return Process.Start(info) ?? throw new InvalidOperationException($"`{command}` did not start");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            // A peer that is not installed is a test failure, never a skip.
            throw new InvalidOperationException($"`{command}` could not start ({e.Message}); install it (scripts/install-deps.sh)", e);
        }
    }

    public static void Kill(Process process)
    {
        try
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Exited in between.
        }
    }
}
