using System.Diagnostics;

namespace Greentic.Wasm.Tests.Wasi;

/// <summary>Runs an external tool (clang, node) to completion, feeding stdin and collecting output.
/// A missing tool is a failure, not a skip.</summary>
internal static class ToolProcess
{
    public sealed record Result(int ExitCode, string StandardOutput, string StandardError);

    public static Result Run(string tool, IEnumerable<string> arguments, string? standardInput = null, TimeSpan? timeout = null)
    {
        var psi = new ProcessStartInfo(tool)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in arguments) psi.ArgumentList.Add(a);
        Process process;
        try
        {
            process = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {tool}");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"'{tool}' is required by this test and was not found on PATH (see scripts/install-deps.sh): {e.Message}", e);
        }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (standardInput is not null) process.StandardInput.Write(standardInput);
            process.StandardInput.Close();
            if (!process.WaitForExit(timeout ?? TimeSpan.FromMinutes(3)))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{tool} did not finish in time");
            }
            return new Result(process.ExitCode, stdout.Result, stderr.Result);
        }
    }
}
