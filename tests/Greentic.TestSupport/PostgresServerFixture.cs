using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Greentic.TestSupport;

/// <summary>
/// Starts a throw-away PostgreSQL 15 cluster for a test class: initdb into a temp directory, pg_ctl start on
/// a free loopback port in 15432-15999 with the socket in the same directory and fsync off, and an immediate
/// stop plus cleanup on dispose. As root, initdb and pg_ctl run as the postgres user (they refuse root).
/// Missing binaries FAIL the tests with the reason: the suite must not silently skip the PostgreSQL run.
/// </summary>
public sealed class PostgresServerFixture : IAsyncLifetime
{
    public const string BinDirectory = "/usr/lib/postgresql/15/bin";

    private string? _root;
    private string? _data;
    private bool _asRoot;

    public string ConnectionString { get; private set; } = "";

    public int Port { get; private set; }

    public async Task InitializeAsync()
    {
        if (!File.Exists(Path.Combine(BinDirectory, "initdb")) || !File.Exists(Path.Combine(BinDirectory, "pg_ctl")))
        {
            throw new InvalidOperationException(
                $"PostgreSQL 15 server binaries are missing ({BinDirectory}/initdb, pg_ctl): install the Debian package 'postgresql-15' " +
                "(scripts/install-deps.sh does). The PostgreSQL tests need a real server.");
        }
        _asRoot = Environment.UserName == "root";
        // As root, stay under /tmp even if TMPDIR points somewhere the postgres user cannot traverse.
        _root = _asRoot
            ? Directory.CreateDirectory(Path.Combine("/tmp", "greentic-pg-" + Guid.NewGuid().ToString("N")[..12])).FullName
            : Directory.CreateTempSubdirectory("greentic-pg-").FullName;
        _data = Path.Combine(_root, "data");
        if (_asRoot)
        {
            await RunAsync("chown", ["-R", "postgres:postgres", _root], asPostgres: false);
        }
        await RunAsync(Path.Combine(BinDirectory, "initdb"), ["-D", _data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync", "--no-instructions"]);

        Exception? last = null;
        for (var attempt = 0; attempt < 5; attempt++)
        {
            Port = PickFreePort();
            try
            {
                await RunAsync(Path.Combine(BinDirectory, "pg_ctl"),
                [
                    "-D", _data, "-l", Path.Combine(_root, "server.log"), "-w", "-t", "60",
                    "-o", $"-p {Port} -k {_root} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off",
                    "start",
                ]);
                ConnectionString = $"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres;Pooling=true;Timeout=15";
                return;
            }
            catch (InvalidOperationException ex)
            {
                last = ex;
            }
        }
        throw new InvalidOperationException($"PostgreSQL did not start: {last?.Message}\n{ReadLog()}", last);
    }

    public async Task DisposeAsync()
    {
        if (_data is not null && Directory.Exists(_data))
        {
            try
            {
                await RunAsync(Path.Combine(BinDirectory, "pg_ctl"), ["-D", _data, "-m", "immediate", "-w", "-t", "30", "stop"]);
            }
            catch (InvalidOperationException)
            {
                // Not running (start failed); nothing to stop.
            }
        }
        if (_root is not null)
        {
            try
            {
                Directory.Delete(_root, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private string ReadLog()
    {
        var log = _root is null ? null : Path.Combine(_root, "server.log");
        return log is not null && File.Exists(log) ? File.ReadAllText(log) : "(no server log)";
    }

    private static int PickFreePort()
    {
        for (var i = 0; i < 200; i++)
        {
            var port = Random.Shared.Next(15432, 16000);
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                listener.Stop();
                return port;
            }
            catch (SocketException)
            {
            }
        }
        throw new InvalidOperationException("no free TCP port in 15432-15999 for PostgreSQL");
    }

    private async Task RunAsync(string program, string[] args, bool asPostgres = true)
    {
        var psi = new ProcessStartInfo { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (asPostgres && _asRoot)
        {
            psi.FileName = "su";
            psi.ArgumentList.Add("postgres");
            psi.ArgumentList.Add("-s");
            psi.ArgumentList.Add("/bin/sh");
            psi.ArgumentList.Add("-c");
            psi.ArgumentList.Add(string.Join(" ", new[] { program }.Concat(args).Select(Quote)));
        }
        else
        {
            psi.FileName = program;
            foreach (var a in args) psi.ArgumentList.Add(a);
        }
        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {program}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            var output = new StringBuilder().Append(await stdout).Append(await stderr).ToString();
            throw new InvalidOperationException($"{Path.GetFileName(program)} exited with {process.ExitCode}: {output}");
        }
    }

    private static string Quote(string s) => "'" + s.Replace("'", "'\\''") + "'";
}
