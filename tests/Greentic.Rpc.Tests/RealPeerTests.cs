using System.Diagnostics;
using System.Text.Json;
using Greentic.Rpc.Tests.Infrastructure;

namespace Greentic.Rpc.Tests;

/// <summary>Health and reflection as a real peer (Python grpcio, from Debian's python3-grpcio) sees them.</summary>
public sealed class RealPeerTests
{
    [Fact]
    public async Task Grpcio_client_checks_health_and_reflects()
    {
        await using var host = await TestHost.StartAsync(s => s.Map = app =>
        {
            app.MapRpcHealthService();
            app.MapRpcReflectionService();
        });
        var script = Path.Combine(AppContext.BaseDirectory, "Peers", "health_reflection_client.py");
        var start = new ProcessStartInfo("/usr/bin/python3", [script, new Uri(host.Address).Authority])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"grpcio peer failed (needs python3-grpcio, python3-grpc-tools, grpc-proto): {await stderr}");

        using var json = JsonDocument.Parse(await stdout);
        var root = json.RootElement;
        Assert.Equal("SERVING", root.GetProperty("check").GetString());
        Assert.Equal("NOT_FOUND", root.GetProperty("check_unknown").GetString());
        Assert.Equal("SERVING", root.GetProperty("watch_first").GetString());
        foreach (var version in new[] { "v1", "v1alpha" })
        {
            var answer = root.GetProperty(version);
            Assert.Equal([Echo.ServiceName, "grpc.health.v1.Health", "grpc.reflection.v1.ServerReflection", "grpc.reflection.v1alpha.ServerReflection"],
                answer.GetProperty("services").EnumerateArray().Select(e => e.GetString()));
            Assert.Equal("grpc/health/v1/health.proto", answer.GetProperty("file").GetString());
            Assert.Equal(["Health"], answer.GetProperty("file_services").EnumerateArray().Select(e => e.GetString()));
            Assert.Equal((int)StatusCode.NotFound, answer.GetProperty("missing_error").GetInt32());
        }
    }
}
