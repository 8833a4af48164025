using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using Greentic.TestSupport;

namespace Greentic.Scale.Tests.Support;

/// <summary><c>greentic gateway</c> as a real process, configured by <c>--Greentic:Gateway:…</c> arguments; ready when /healthz answers.</summary>
public sealed class GatewayProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private GatewayProcess(Process process, int httpPort, int grpcPort)
    {
        _process = process;
        HttpAddress = $"http://127.0.0.1:{httpPort}";
        GrpcAddress = $"http://127.0.0.1:{grpcPort}";
    }

    /// <summary>Webhooks and admin (HTTP/1.1).</summary>
    public string HttpAddress { get; }

    /// <summary>Proxied gRPC (h2c).</summary>
    public string GrpcAddress { get; }

    public string Output { get { lock (_output) return _output.ToString(); } }

    /// <param name="grpcPort">The gRPC port, when a setting must name it before the start (e.g. the gateway calling the control plane through itself); default a free one.</param>
    public static async Task<GatewayProcess> StartAsync(string workDir, IReadOnlyDictionary<string, string> settings, int? grpcPort = null)
    {
        var http = FreePort.Next();
        var grpc = grpcPort ?? FreePort.Next();
        var all = new Dictionary<string, string>(settings)
        {
            ["Greentic:Gateway:Listen:0:Url"] = $"http://127.0.0.1:{http}",
            ["Greentic:Gateway:Listen:0:Protocols"] = "Http1",
            ["Greentic:Gateway:Listen:1:Url"] = $"http://127.0.0.1:{grpc}",
            ["Greentic:Gateway:Listen:1:Protocols"] = "Http2",
        };
        List<string> args = [RepoPaths.GreenticDll, "gateway", .. all.Select(kv => $"--{kv.Key}={kv.Value}")];
        var process = ProcessRunner.Start(ProcessRunner.StartInfo(RepoPaths.Dotnet, args, workDir), "greentic gateway");
        var gateway = new GatewayProcess(process, http, grpc);
        process.OutputDataReceived += (_, e) => gateway.Append(e.Data);
        process.ErrorDataReceived += (_, e) => gateway.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        for (var i = 0; i < 900; i++)
        {
            if (process.HasExited) throw new InvalidOperationException($"greentic gateway exited with {process.ExitCode}:\n{gateway.Output}");
            try
            {
                if ((await client.GetAsync($"{gateway.HttpAddress}/healthz")).IsSuccessStatusCode) return gateway;
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            await Task.Delay(100);
        }
        await gateway.DisposeAsync();
        throw new InvalidOperationException($"greentic gateway did not answer /healthz within 90 s:\n{gateway.Output}");
    }

    /// <summary>Per destination of the control-plane cluster: whether the gateway currently sends it calls.</summary>
    public async Task<IReadOnlyDictionary<string, bool>> DestinationsAsync(HttpClient client)
    {
        var json = JsonNode.Parse(await client.GetStringAsync($"{HttpAddress}/admin/gateway/status"))!;
        return json["clusters"]!.AsArray().SelectMany(c => c!["destinations"]!.AsArray())
            .ToDictionary(d => d!["destination"]!.GetValue<string>(), d => d!["available"]!.GetValue<bool>());
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    public async ValueTask DisposeAsync()
    {
        ProcessRunner.Kill(_process);
        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
