using System.Collections.Concurrent;
using System.Diagnostics;

namespace Greentic.Conformance.Harness;

/// <summary>
/// A target the suite starts itself (<see cref="ConformanceOptions.StartCommand"/>): the command with
/// <see cref="ConformanceOptions.ControlPlanePlaceholder"/> replaced by the suite's control plane, the callback token in
/// <c>GREENTIC_SIDECAR_TOKEN</c>, its output kept for the report; killed with its children when the run ends.
/// </summary>
internal sealed class TargetProcess : IDisposable
{
    public const string TokenVariable = "GREENTIC_SIDECAR_TOKEN";
    private const int MaxLines = 200;

    private readonly Process process;
    private readonly ConcurrentQueue<string> output = new();

    private TargetProcess(Process process) => this.process = process;

    public bool HasExited => process.HasExited;
    public int ExitCode => process.ExitCode;

    /// <summary>The last lines the target wrote on stdout and stderr.</summary>
    public string Output => string.Join('\n', output);

    public static TargetProcess Start(IReadOnlyList<string> command, string controlPlane, string token)
    {
        var info = new ProcessStartInfo(command[0])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (var arg in command.Skip(1)) info.ArgumentList.Add(arg.Replace(ConformanceOptions.ControlPlanePlaceholder, controlPlane, StringComparison.Ordinal));
        info.Environment[TokenVariable] = token;
        Process process;
        try
        {
            process = Process.Start(info) ?? throw new InvalidOperationException($"'{command[0]}' did not start");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"cannot start the target '{command[0]}': {e.Message}", e);
        }
        var target = new TargetProcess(process);
        process.OutputDataReceived += (_, e) => target.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => target.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.StandardInput.Close();
        return target;
    }

    private void Keep(string? line)
    {
        if (line is null) return;
        output.Enqueue(line);
        while (output.Count > MaxLines) output.TryDequeue(out _);
    }

    public void Dispose()
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
        process.Dispose();
    }
}
