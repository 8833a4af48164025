using System.Diagnostics;
using System.Text;
using Greentic.Providers.Channels;

namespace Greentic.TestSupport;

/// <summary>
/// <c>greentic up</c> as a real process on a data folder: started with the given addresses and flags, ready once it has
/// printed its "try this" block (the dev token is written by then), <c>/healthz</c> answers when an HTTP address was
/// given, and — unless <c>--no-sidecar</c> — the supervised sample sidecar's socket exists. Killed with its children
/// on dispose, also after a failed start.
/// </summary>
public sealed class GreenticUpProcess : IAsyncDisposable
{
    public const string ReadyLine = "Press Ctrl+C to stop.";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private GreenticUpProcess(Process process, string dataDir, string grpcAddress, string? httpAddress)
    {
        _process = process;
        DataDir = dataDir;
        GrpcAddress = grpcAddress;
        HttpAddress = httpAddress;
    }

    public string DataDir { get; }
    public string GrpcAddress { get; }
    public string? HttpAddress { get; }
    public int Pid => _process.Id;
    public bool HasExited => _process.HasExited;
    public string Output { get { lock (_output) return _output.ToString(); } }
    public string Token() => File.ReadAllText(Path.Combine(DataDir, "dev-token.txt")).Trim();

    /// <param name="grpcAddress">Default: a Unix socket <c>cp.sock</c> in the data folder.</param>
    /// <param name="httpAddress">Default: none (<c>--http ""</c> is not passed; the CLI's default port is used only if given).</param>
    /// <param name="waitForSidecar">Wait for the sample sidecar's socket too (default: when <paramref name="sidecar"/>); off for a sidecar meant to fail.</param>
    public static async Task<GreenticUpProcess> StartAsync(string dataDir, string? grpcAddress = null, string? httpAddress = null,
        bool sidecar = false, IReadOnlyDictionary<string, string>? env = null, bool? waitForSidecar = null, params string[] extraArgs)
    {
        grpcAddress ??= "unix://" + Path.Combine(dataDir, "cp.sock");
        httpAddress ??= $"http://127.0.0.1:{FreePort.Next()}";
        Directory.CreateDirectory(dataDir);
        List<string> args = [RepoPaths.GreenticDll, "up", "--data-dir", dataDir, "--grpc", grpcAddress, "--http", httpAddress, .. extraArgs];
        if (!sidecar) args.Add("--no-sidecar");
        return await StartCoreAsync(args, dataDir, dataDir, grpcAddress, httpAddress, env, waitForSidecar ?? sidecar);
    }

    /// <summary>
    /// <c>greentic serve [extraArgs]</c> in <paramref name="workDir"/>, configured only by <paramref name="env"/> plus the two
    /// addresses (as <c>Greentic__ControlPlane__GrpcAddress</c> / <c>HttpAddress</c>); <see cref="DataDir"/> is <paramref name="workDir"/>.
    /// </summary>
    public static async Task<GreenticUpProcess> StartServeAsync(string workDir, IReadOnlyDictionary<string, string> env, params string[] extraArgs)
    {
        var grpcAddress = "unix://" + Path.Combine(workDir, "cp.sock");
        var httpAddress = $"http://127.0.0.1:{FreePort.Next()}";
        var all = new Dictionary<string, string>(env)
        {
            ["Greentic__ControlPlane__GrpcAddress"] = grpcAddress,
            ["Greentic__ControlPlane__HttpAddress"] = httpAddress,
        };
        Directory.CreateDirectory(workDir);
        return await StartCoreAsync([RepoPaths.GreenticDll, "serve", .. extraArgs], workDir, workDir, grpcAddress, httpAddress, all, waitForSidecar: false);
    }

    private static async Task<GreenticUpProcess> StartCoreAsync(List<string> args, string workDir, string dataDir, string grpcAddress, string httpAddress,
        IReadOnlyDictionary<string, string>? env, bool waitForSidecar)
    {
        var info = ProcessRunner.StartInfo(RepoPaths.Dotnet, args, workDir, env);
        var up = new GreenticUpProcess(ProcessRunner.Start(info, $"greentic {args[1]}"), dataDir, grpcAddress, httpAddress);
        up._process.OutputDataReceived += (_, e) => up.OnLine(e.Data);
        up._process.ErrorDataReceived += (_, e) => up.OnLine(e.Data);
        up._process.BeginOutputReadLine();
        up._process.BeginErrorReadLine();
        try
        {
            using var cts = new CancellationTokenSource(StartTimeout);
            await up.WaitReadyAsync(waitForSidecar, cts.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or InvalidOperationException or HttpRequestException)
        {
            await up.DisposeAsync();
            throw new InvalidOperationException($"greentic {args[1]} did not become ready within {StartTimeout.TotalSeconds} s: {e.Message}\n{up.Output}", e);
        }
        return up;
    }

    /// <summary>A channel to the control plane's gRPC address. Dispose it.</summary>
    public TargetChannel Channel() => TargetChannel.Create(GrpcAddress);

    private async Task WaitReadyAsync(bool sidecar, CancellationToken cancellationToken)
    {
        var exited = _process.WaitForExitAsync(cancellationToken);
        if (await Task.WhenAny(_ready.Task, exited) == exited)
            throw new InvalidOperationException($"greentic up exited with {_process.ExitCode}");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var socket = Path.Combine(DataDir, "sidecar.sock");
        while (true)
        {
            if (_process.HasExited) throw new InvalidOperationException($"greentic up exited with {_process.ExitCode}");
            if ((!sidecar || File.Exists(socket)) && await IsHealthyAsync(http, cancellationToken)) return;
            await Task.Delay(200, cancellationToken);
        }
    }

    private async Task<bool> IsHealthyAsync(HttpClient http, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync($"{HttpAddress}/healthz", cancellationToken);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    private void OnLine(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
        if (line.Contains(ReadyLine, StringComparison.Ordinal)) _ready.TrySetResult();
    }

    /// <summary>Output lines so far (stdout and stderr, as they arrived).</summary>
    public int LineCount { get { lock (_output) return Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length; } }

    /// <summary>Ctrl+C (SIGTERM): a graceful stop; returns the exit code.</summary>
    public async Task<int> StopAsync()
    {
        if (!_process.HasExited) Kill(_process.Id);
        await _process.WaitForExitAsync();
        return _process.ExitCode;
    }

    private static void Kill(int pid) => Process.Start("kill", ["-TERM", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)])?.WaitForExit();

    /// <summary>SIGKILL: no shutdown hooks, no flushing, nothing.</summary>
    public async Task KillAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        ProcessRunner.Kill(_process);
        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
