using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Greentic.Gateway.Tests.Support;

/// <summary>
/// A throw-away PostgreSQL 15 server for a test class: initdb into a temporary directory, pg_ctl start on a
/// free loopback port (socket in the same directory, fsync off), immediate stop and cleanup on dispose. As
/// root, initdb and pg_ctl run as the postgres user. Missing binaries FAIL the tests: the PostgreSQL run is
/// never silently skipped (scripts/install-deps.sh installs postgresql-15).
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    public const string BinDirectory = "/usr/lib/postgresql/15/bin";

    private string? _root;
    private string? _data;
    private bool _asRoot;

    public string ConnectionString { get; private set; } = "";

    public async Task InitializeAsync()
    {
        if (!File.Exists(Path.Combine(BinDirectory, "initdb")) || !File.Exists(Path.Combine(BinDirectory, "pg_ctl")))
            throw new InvalidOperationException($"PostgreSQL 15 server binaries are missing ({BinDirectory}): install the Debian package 'postgresql-15' (scripts/install-deps.sh does)");
        _asRoot = Environment.UserName == "root";
        _root = Directory.CreateDirectory(Path.Combine("/tmp", "greentic-gw-pg-" + Guid.NewGuid().ToString("N")[..12])).FullName;
        _data = Path.Combine(_root, "data");
        if (_asRoot) await RunAsync("chown", ["-R", "postgres:postgres", _root], asPostgres: false);
        await RunAsync(Path.Combine(BinDirectory, "initdb"), ["-D", _data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync", "--no-instructions"]);
        Exception? last = null;
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var port = FreePort();
            try
            {
                await RunAsync(Path.Combine(BinDirectory, "pg_ctl"),
                [
                    "-D", _data, "-l", Path.Combine(_root, "server.log"), "-w", "-t", "60",
                    "-o", $"-p {port} -k {_root} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off", "start",
                ]);
                ConnectionString = $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Pooling=true;Timeout=15";
                return;
            }
            catch (InvalidOperationException ex)
            {
                last = ex;
            }
        }
        throw new InvalidOperationException($"PostgreSQL did not start: {last?.Message}", last);
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
            }
        }
        try
        {
            if (_root is not null) Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static int FreePort()
    {
        for (var i = 0; i < 200; i++)
        {
            var port = Random.Shared.Next(16000, 16999);
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException)
            {
            }
        }
        throw new InvalidOperationException("no free TCP port in 16000-16999 for PostgreSQL");
    }

    private async Task RunAsync(string program, string[] args, bool asPostgres = true)
    {
        var psi = new ProcessStartInfo { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (asPostgres && _asRoot)
        {
            psi.FileName = "su";
            foreach (var a in new[] { "postgres", "-s", "/bin/sh", "-c", string.Join(" ", new[] { program }.Concat(args).Select(s => "'" + s.Replace("'", "'\\''") + "'")) })
                psi.ArgumentList.Add(a);
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
        if (process.ExitCode != 0) throw new InvalidOperationException($"{Path.GetFileName(program)} exited with {process.ExitCode}: {await stdout}{await stderr}");
    }
}
