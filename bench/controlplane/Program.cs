using System.Globalization;
using Greentic.ControlPlane.Auth;
using Greentic.ControlPlane.Bench;
using Greentic.ControlPlane.Hosting;
using Greentic.Providers.Channels;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;

// Invoke `echo` on the C# sidecar over a Unix socket: directly, then through the control plane (its own process,
// routing to the same sidecar over a Unix socket). Same client, same concurrency. See README.md.
//   dotnet run -c Release --project bench/controlplane -- [--seconds 10] [--concurrency 32] [--rounds 2] [--warmup 20]
//   … -- --jwt-cost   (what one bearer-token check costs, per algorithm)
if (args is ["--serve-control-plane", var serveDir]) return await ServeControlPlaneAsync(serveDir);
if (args.Contains("--jwt-cost"))
{
    await JwtCost.RunAsync(2000);
    return 0;
}

var seconds = Option("--seconds", 10);
var concurrency = Option("--concurrency", 32);
var rounds = Option("--rounds", 2);
// Long enough for tiered compilation to finish in all three processes on a loaded 2-core machine.
var warmup = Option("--warmup", 20);
var dir = Directory.CreateTempSubdirectory("gt-bench-").FullName;
var sidecarSocket = Path.Combine(dir, "sc.sock");
var cpSocket = Path.Combine(dir, "cp.sock");
using var issuer = DevTokenIssuer.CreateEphemeral();
await issuer.WritePublicJwksAsync(Path.Combine(dir, "jwks.json"), CancellationToken.None);
Directory.CreateDirectory(Path.Combine(dir, "routes"));
await File.WriteAllTextAsync(Path.Combine(dir, "routes", "bench.yaml"), $$"""
    version: 1
    rules:
      - name: echo-sidecar
        match: { provider_type: echo }
        binding:
          transport: sidecar
          target: "unix://{{sidecarSocket}}"
          timeout: 10s
          retry: { max_attempts: 3, base_delay: 100ms, max_delay: 2s }
          breaker: { failure_ratio: 0.5, min_throughput: 10, break_duration: 5s }
    """);

using var sidecar = await ChildProcess.StartAsync(sidecarSocket, Path.Combine(AppContext.BaseDirectory, "greentic-sidecar.dll"), "--listen", "unix://" + sidecarSocket);
using var controlPlane = await ChildProcess.StartAsync(cpSocket, typeof(LoadResult).Assembly.Location, "--serve-control-plane", dir);
using var direct = TargetChannel.Create("unix://" + sidecarSocket);
using var routed = TargetChannel.Create("unix://" + cpSocket);
var bearer = new Metadata { { "authorization", "Bearer " + issuer.Issue(new DevTokenRequest { Subject = "bench", Tenants = ["acme"] }) } };

Console.WriteLine($"caller JWT {DevTokenIssuer.Algorithm}; warm-up: {warmup} s each; then {rounds} round(s) of {seconds} s per target, {concurrency} concurrent calls, {Environment.ProcessorCount} CPUs");
await EchoLoadRunner.RunAsync("warm-up", direct.Invoker, null, concurrency, TimeSpan.FromSeconds(warmup));
await EchoLoadRunner.RunAsync("warm-up", routed.Invoker, bearer, concurrency, TimeSpan.FromSeconds(warmup));
var cpu = new CpuMeter(controlPlane, sidecar);
var results = new List<((LoadResult Result, CpuPerCall Cpu) Direct, (LoadResult Result, CpuPerCall Cpu) Routed)>();
for (var round = 0; round < rounds; round++)
{
    var d = await cpu.MeasureAsync(() => EchoLoadRunner.RunAsync("sidecar direct", direct.Invoker, null, concurrency, TimeSpan.FromSeconds(seconds)));
    var r = await cpu.MeasureAsync(() => EchoLoadRunner.RunAsync("via control plane", routed.Invoker, bearer, concurrency, TimeSpan.FromSeconds(seconds)));
    results.Add((d, r));
}

Console.WriteLine();
Console.WriteLine("| round | target | calls | errors | p50 µs | p99 µs | calls/s | CPU µs/call: client | control plane | sidecar |");
Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|");
for (var i = 0; i < results.Count; i++)
    foreach (var (x, c) in new[] { results[i].Direct, results[i].Routed })
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {i + 1} | {x.Name} | {x.LatencyTicks.Length} | {x.Errors} | {x.PercentileMicroseconds(50):0} | {x.PercentileMicroseconds(99):0} | {x.CallsPerSecond:0} | {c.Client:0.0} | {c.ControlPlane:0.0} | {c.Sidecar:0.0} |"));
Console.WriteLine();
for (var i = 0; i < results.Count; i++)
{
    var (d, r) = (results[i].Direct.Result, results[i].Routed.Result);
    var addedP50 = r.PercentileMicroseconds(50) - d.PercentileMicroseconds(50);
    var ratio = r.CallsPerSecond / d.CallsPerSecond;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"round {i + 1}: added p50 {addedP50:0} µs (goal ≤ 150 µs: {(addedP50 <= 150 ? "met" : "missed")}), throughput ratio {ratio:P0} (goal ≥ 50%: {(ratio >= 0.5 ? "met" : "missed")})"));
}
try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
return 0;

int Option(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], out var v) ? v : fallback;
}

// The control plane as it runs in production, minus TLS: h2c on a Unix socket, JWT auth, routing, resilience,
// OpenTelemetry tracing and metrics (recorded, no exporter), logs at Warning.
static async Task<int> ServeControlPlaneAsync(string dir)
{
    var settings = new Dictionary<string, string?>
    {
        ["Greentic:ControlPlane:GrpcAddress"] = "unix://" + Path.Combine(dir, "cp.sock"),
        ["Greentic:ControlPlane:HttpAddress"] = "",
        ["Greentic:Auth:Jwt:Issuer"] = DevTokenIssuer.DefaultIssuer,
        ["Greentic:Auth:Jwt:Audience"] = DevTokenIssuer.DefaultAudience,
        ["Greentic:Auth:Jwt:JwksFile"] = Path.Combine(dir, "jwks.json"),
        ["Greentic:Tenancy:Env"] = "dev",
        ["Greentic:Routing:Directory"] = Path.Combine(dir, "routes"),
        ["Greentic:Stores:SqlitePath"] = Path.Combine(dir, "state.db"),
        ["PACK_CACHE_DIR"] = Path.Combine(dir, "packs"),
        // Per-request Information logs (request start/finish) are off in any real deployment.
        ["Logging:LogLevel:Default"] = "Warning",
    };
    await using var app = ControlPlaneHost.Build([], b => b.Configuration.AddInMemoryCollection(settings));
    await app.RunAsync();
    return 0;
}
