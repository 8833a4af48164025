using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace Greentic.TestSupport;

/// <summary>The C# sidecar host started as a remote gateway (<c>--listen https://127.0.0.1:PORT</c> and the given
/// arguments: certificates, components, control plane); killed on dispose.</summary>
public sealed class RemoteGatewayProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();

    private RemoteGatewayProcess(Process process, int port)
    {
        this.process = process;
        Port = port;
    }

    public int Port { get; }
    public string Output { get { lock (output) return output.ToString(); } }

    public static RemoteGatewayProcess Start(int port, IEnumerable<string> arguments)
    {
        var info = ProcessRunner.StartInfo(RepoPaths.Dotnet, [RepoPaths.SidecarDll, "--listen", $"https://127.0.0.1:{port}", .. arguments], RepoPaths.Root);
        var process = ProcessRunner.Start(info, "greentic-sidecar (remote gateway)");
        var gateway = new RemoteGatewayProcess(process, port);
        process.OutputDataReceived += (_, e) => { lock (gateway.output) gateway.output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (gateway.output) gateway.output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.StandardInput.Close();
        return gateway;
    }

    /// <summary>Waits until the gateway accepts TCP connections (generously: the machine is shared).</summary>
    public async Task WaitListeningAsync()
    {
        var until = DateTime.UtcNow.AddSeconds(90);
        for (;;)
        {
            if (process.HasExited) throw new InvalidOperationException($"the gateway exited with {process.ExitCode}:\n{Output}");
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", Port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < until)
            {
                await Task.Delay(100);
            }
            catch (SocketException e)
            {
                throw new TimeoutException($"the gateway did not listen on {Port} within 90 s ({e.Message}):\n{Output}");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        ProcessRunner.Kill(process);
        await process.WaitForExitAsync();
        process.Dispose();
    }
}
