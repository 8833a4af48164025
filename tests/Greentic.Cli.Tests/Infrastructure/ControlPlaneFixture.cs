using System.Diagnostics;
using System.Text;

namespace Greentic.Cli.Tests.Infrastructure;

/// <summary>
/// A real control plane: <c>dotnet greentic.dll up</c> on free loopback ports with a temporary data folder, its
/// supervised <c>messaging.dummy</c> sidecar included. Ready when the dev token is written, /healthz answers and the
/// sidecar's socket exists. The process and its children are killed on dispose, also after a failed start.
/// </summary>
public sealed class ControlPlaneFixture : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly StringBuilder _log = new();
    private readonly TaskCompletionSource _printedToken = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Process? _process;

    public string WorkDir { get; } = Directory.CreateTempSubdirectory("greentic-cli-tests-").FullName;
    public string DataDir => Path.Combine(WorkDir, "data");
    public string GrpcAddress { get; private set; } = "";
    public string HttpAddress { get; private set; } = "";
    public string Token { get; private set; } = "";

    /// <summary>ADMIN_TOKEN the control plane runs with, so AdminService wants a bearer even from loopback.</summary>
    public string AdminToken { get; } = "admin-" + Guid.NewGuid().ToString("N");

    /// <summary>What the control plane printed so far, for failure messages.</summary>
    public string Log
    {
        get { lock (_log) return _log.ToString(); }
    }

    public async Task InitializeAsync()
    {
        GrpcAddress = $"http://127.0.0.1:{FreePort.Next()}";
        HttpAddress = $"http://127.0.0.1:{FreePort.Next()}";
        var info = ProcessRunner.StartInfo(RepoPaths.Dotnet,
            [RepoPaths.GreenticDll, "up", "--data-dir", DataDir, "--grpc", GrpcAddress, "--http", HttpAddress], WorkDir,
            new Dictionary<string, string> { ["ADMIN_TOKEN"] = AdminToken });
        _process = ProcessRunner.Start(info, "greentic up");
        _process.OutputDataReceived += (_, e) => OnLine(e.Data);
        _process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        try
        {
            using var cts = new CancellationTokenSource(StartTimeout);
            await WaitReadyAsync(cts.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or InvalidOperationException)
        {
            ProcessRunner.Kill(_process);
            throw new InvalidOperationException($"greentic up did not become ready within {StartTimeout.TotalSeconds} s: {e.Message}\n{Log}", e);
        }
        Token = (await File.ReadAllTextAsync(Path.Combine(DataDir, "dev-token.txt"))).Trim();
    }

    private async Task WaitReadyAsync(CancellationToken cancellationToken)
    {
        // The token line is printed after the token file is written; the sidecar binds its socket on its own schedule.
        await _printedToken.Task.WaitAsync(cancellationToken);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var socket = Path.Combine(DataDir, "sidecar.sock");
        while (true)
        {
            if (_process!.HasExited) throw new InvalidOperationException($"greentic up exited with {_process.ExitCode}");
            if (File.Exists(socket) && await IsHealthyAsync(http, cancellationToken)) return;
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
        lock (_log) _log.AppendLine(line);
        if (line.Contains("Press Ctrl+C to stop.", StringComparison.Ordinal)) _printedToken.TrySetResult();
    }

    public Task DisposeAsync()
    {
        if (_process is not null)
        {
            ProcessRunner.Kill(_process);
            _process.WaitForExit(10_000);
            _process.Dispose();
        }
        try
        {
            Directory.Delete(WorkDir, recursive: true);
        }
        catch (IOException)
        {
            // A child still closing a file; the temp folder is left behind.
        }
        return Task.CompletedTask;
    }
}

[CollectionDefinition(Name)]
public sealed class ControlPlaneCollection : ICollectionFixture<ControlPlaneFixture>
{
    public const string Name = "greentic up";
}
