using System.Diagnostics;
using System.Net.Sockets;
using Greentic.TestSupport;

namespace Greentic.Scale.Tests.Support;

/// <summary>
/// A real <c>nats-server -js</c> (Debian's nats-server 2.9) on a free loopback port with a temporary JetStream store,
/// stopped and deleted on dispose. A missing binary fails the tests with the package to install: never a skip.
/// </summary>
public sealed class NatsServerFixture : IAsyncLifetime
{
    private Process? _process;
    private readonly TempDirectory _store = new();

    public int Port { get; private set; }

    public string Url => $"nats://127.0.0.1:{Port}";

    public async Task InitializeAsync()
    {
        var binary = new[] { "/usr/sbin/nats-server", "/usr/bin/nats-server", "/usr/local/bin/nats-server" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("nats-server is not installed: install the Debian package 'nats-server' (scripts/install-deps.sh does); the JetStream tests need a real server");
        Port = FreePort.Next();
        var info = ProcessRunner.StartInfo(binary, ["-js", "-a", "127.0.0.1", "-p", Port.ToString(), "-sd", _store.Path, "--http_port", "0"], _store.Path);
        _process = ProcessRunner.Start(info, "nats-server");
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        for (var i = 0; i < 300; i++)
        {
            if (_process.HasExited) throw new InvalidOperationException($"nats-server exited with {_process.ExitCode}");
            try
            {
                using var tcp = new TcpClient();
                await tcp.ConnectAsync("127.0.0.1", Port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }
        throw new InvalidOperationException($"nats-server did not listen on {Port} within 30 s");
    }

    public async Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process?.Dispose();
        _store.Dispose();
    }
}
