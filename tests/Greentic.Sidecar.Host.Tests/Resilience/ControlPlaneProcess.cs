using System.Diagnostics;
using System.Text;
using Greentic.Rpc;

namespace Greentic.Sidecar.Host.Tests.Resilience;

/// <summary>
/// <c>greentic up --no-sidecar</c> as a separate process on a data folder, gRPC on a Unix socket inside it. The
/// CLI's build output must exist (scripts/test.sh builds the solution first); a missing one fails the test.
/// </summary>
internal sealed class ControlPlaneProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ControlPlaneProcess(Process process, string dataDir)
    {
        _process = process;
        DataDir = dataDir;
    }

    public string DataDir { get; }
    public int Pid => _process.Id;
    public string Socket => Path.Combine(DataDir, "cp.sock");
    public string Output { get { lock (_output) return _output.ToString(); } }

    /// <summary>The CLI built in the same configuration as these tests: src/Greentic.Cli/bin/{Debug|Release}/net10.0/greentic.dll.</summary>
    public static string CliPath()
    {
        var tfm = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = tfm.Parent!.Name;
        var path = Path.Combine(RepoPaths.Root, "src", "Greentic.Cli", "bin", configuration, tfm.Name, "greentic.dll");
        if (!File.Exists(path))
            throw new FileNotFoundException($"{path} is missing: build it first with `dotnet build src/Greentic.Cli -c {configuration}`");
        return path;
    }

    public static async Task<ControlPlaneProcess> StartAsync(string dataDir)
    {
        var tokenFile = Path.Combine(dataDir, "dev-token.txt");
        File.Delete(tokenFile); // written anew once this process serves
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = dataDir };
        foreach (var a in new[] { CliPath(), "up", "--data-dir", dataDir, "--grpc", "unix://" + Path.Combine(dataDir, "cp.sock"),
                     "--http", "http://127.0.0.1:0", "--no-sidecar" })
            info.ArgumentList.Add(a);
        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start greentic up");
        var cp = new ControlPlaneProcess(process, dataDir);
        process.OutputDataReceived += (_, e) => { lock (cp._output) cp._output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (cp._output) cp._output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var until = DateTime.UtcNow.AddSeconds(60);
        while (!File.Exists(tokenFile) || new FileInfo(tokenFile).Length == 0)
        {
            if (process.HasExited) throw new InvalidOperationException($"greentic up exited with {process.ExitCode}: {cp.Output}");
            if (DateTime.UtcNow > until) throw new TimeoutException($"greentic up did not serve within 60 s: {cp.Output}");
            await Task.Delay(50);
        }
        await Task.Delay(100); // the token file is written in one call; let it finish
        return cp;
    }

    public string Token() => File.ReadAllText(Path.Combine(DataDir, "dev-token.txt")).Trim();

    public RpcChannel Channel() => RpcChannel.ForAddress("unix://" + Socket);

    /// <summary>SIGKILL: no shutdown hooks, no flushing, nothing.</summary>
    public async Task KillAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
