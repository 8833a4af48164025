using System.Diagnostics;
using System.Text;
using Greentic.Providers.Channels;

namespace Greentic.TestSupport;

/// <summary>A sidecar started as a real process on a fresh Unix socket; killed on dispose.</summary>
public sealed class SidecarProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private SidecarProcess(Process process, string socket)
    {
        _process = process;
        Socket = socket;
        Channel = TargetChannel.Create("unix://" + socket);
    }

    public string Socket { get; }
    public TargetChannel Channel { get; }
    public string Output { get { lock (_output) return _output.ToString(); } }

    public static Task<SidecarProcess> StartAsync(string kind, params string[] extraArgs) => StartAsync(kind, null, extraArgs);

    /// <param name="env">Extra environment variables, e.g. GREENTIC_SIDECAR_TOKEN.</param>
    public static async Task<SidecarProcess> StartAsync(string kind, IReadOnlyDictionary<string, string>? env, params string[] extraArgs)
    {
        var socket = Path.Combine(Path.GetTempPath(), $"gt-sidecar-{Guid.NewGuid():N}.sock");
        var (file, args) = kind switch
        {
            "csharp" => (RepoPaths.Dotnet, new[] { RepoPaths.SidecarDll }),
            "node" => ("node", new[] { Path.Combine(RepoPaths.Root, "sidecars", "node", "sidecar.js") }),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepoPaths.Root };
        foreach (var a in args.Concat(["--listen", "unix://" + socket]).Concat(extraArgs)) info.ArgumentList.Add(a);
        foreach (var (key, value) in env ?? new Dictionary<string, string>()) info.Environment[key] = value;
        var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {file}");
        var sidecar = new SidecarProcess(process, socket);
        process.OutputDataReceived += (_, e) => { lock (sidecar._output) sidecar._output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (sidecar._output) sidecar._output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var until = DateTime.UtcNow.AddSeconds(30);
        while (!File.Exists(socket))
        {
            if (process.HasExited) throw new InvalidOperationException($"{kind} sidecar exited with {process.ExitCode}: {sidecar.Output}");
            if (DateTime.UtcNow > until) throw new TimeoutException($"{kind} sidecar did not listen within 30 s: {sidecar.Output}");
            await Task.Delay(50);
        }
        return sidecar;
    }

    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
        File.Delete(Socket);
    }
}
