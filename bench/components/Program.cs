using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Google.Protobuf;
using Greentic.ComponentHost;
using Greentic.Components.Bench;
using Greentic.ControlPlane.Auth;
using Greentic.ControlPlane.Routing;
using Greentic.ControlPlane.Tenancy;
using Greentic.Providers;
using Microsoft.Extensions.DependencyInjection;
using Greentic.Provider.V1;
using Greentic.Providers.Channels;
using Greentic.Types.V1;
using Grpc.Core;

// Invoke the echo component with 1 KiB of JSON, one call at a time, six ways in one run (see README.md):
//   engine           — ProviderComponent.Invoke on an engine in this process (no gRPC at all);
//   sidecar direct   — a client calling the sidecar host (--component echo.wasm) directly over its Unix socket;
//   router → inproc  — the control plane's ProviderRouter called in process (no gRPC server, no authentication);
//   router → sidecar — the same, routed to the sidecar;
//   cp → inproc      — a client calling the control plane, which runs the component in process (the goal's numerator);
//   cp → sidecar     — a client calling the control plane, which forwards to the same sidecar (its denominator);
//   sidecar health, cp health — grpc.health.v1 Check on each server: the bare cost of a call to it (no auth, no provider);
//   cp health + bearer — the same with the caller's JWT, which the control plane's authentication validates on every call.
//   dotnet run -c Release --project bench/components -- [--seconds 5] [--rounds 3]
var seconds = Option("--seconds", 5);
var rounds = Option("--rounds", 3);
var dir = Directory.CreateTempSubdirectory("gt-bench-components-").FullName;
try
{
    var component = BuildEcho(dir);
    var sidecarSocket = Path.Combine(dir, "sc.sock");
    using var sidecar = await SidecarChild.StartAsync(sidecarSocket, component);
    var (controlPlane, token) = await BenchControlPlane.StartAsync(dir, component, sidecarSocket);
    await using var _ = controlPlane;
    using var routed = TargetChannel.Create("unix://" + Path.Combine(dir, "cp.sock"));
    using var direct = TargetChannel.Create("unix://" + sidecarSocket);
    var bearer = new Metadata { { "authorization", "Bearer " + token } };
    var input = Input(1024);
    using var engine = new ComponentEngine();
    var bytes = File.ReadAllBytes(component);
    using var loaded = engine.Load("sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes)), bytes);
    var context = new ComponentCallContext { Tenant = new TenantScope("dev", BenchControlPlane.Tenant), Timeout = TimeSpan.FromSeconds(10) };

    var router = controlPlane.Services.GetRequiredService<ProviderRouter>();
    var principal = new Principal("bench", AuthenticationMethod.Jwt, [BenchControlPlane.Tenant]);
    var targets = new (string Name, Func<Task> Call)[]
    {
        ("engine", () => loaded.InvokeAsync(context, "echo", input)),
        ("sidecar direct", () => InvokeAsync(direct, null, null, input)),
        ("router → inproc", () => RouteAsync(router, principal, "inproc", input)),
        ("router → sidecar", () => RouteAsync(router, principal, "sidecar", input)),
        ("cp → inproc", () => InvokeAsync(routed, bearer, "inproc", input)),
        ("cp → sidecar", () => InvokeAsync(routed, bearer, "sidecar", input)),
        ("sidecar health", () => new Grpc.Health.V1.Health.HealthClient(direct.Invoker).CheckAsync(new Grpc.Health.V1.HealthCheckRequest()).ResponseAsync),
        ("cp health", () => new Grpc.Health.V1.Health.HealthClient(routed.Invoker).CheckAsync(new Grpc.Health.V1.HealthCheckRequest()).ResponseAsync),
        ("cp health + bearer", () => new Grpc.Health.V1.Health.HealthClient(routed.Invoker).CheckAsync(new Grpc.Health.V1.HealthCheckRequest(), bearer).ResponseAsync),
    };
    Console.WriteLine($"echo, {input.Length} B of JSON in, one call at a time; warm-up 2 s each, then {rounds} round(s) of {seconds} s per target; {Environment.ProcessorCount} CPUs");
    foreach (var (name, call) in targets) await Latency.MeasureAsync(name, TimeSpan.FromSeconds(2), call);
    var results = new List<Latency[]>();
    for (var round = 0; round < rounds; round++)
    {
        var row = new Latency[targets.Length];
        for (var i = 0; i < targets.Length; i++) row[i] = await Latency.MeasureAsync(targets[i].Name, TimeSpan.FromSeconds(seconds), targets[i].Call);
        results.Add(row);
    }
    Console.WriteLine();
    Console.WriteLine("| round | target | calls | errors | p50 µs | p99 µs |");
    Console.WriteLine("|---|---|---|---|---|---|");
    for (var r = 0; r < results.Count; r++) foreach (var l in results[r]) Console.WriteLine(l.Row(r + 1));
    Console.WriteLine();
    for (var r = 0; r < results.Count; r++)
    {
        var inproc = results[r][4].Percentile(50);
        var viaSidecar = results[r][5].Percentile(50);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"round {r + 1}: in-proc p50 {inproc:0} µs = {inproc / viaSidecar:P0} of the sidecar's {viaSidecar:0} µs (goal ≤ 50%: {(inproc <= viaSidecar / 2 ? "met" : "missed")})"));
    }
}
finally
{
    try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
}
return 0;

async Task InvokeAsync(TargetChannel channel, Metadata? headers, string? team, byte[] json)
{
    var ctx = new TenantCtx { Env = "dev", Tenant = BenchControlPlane.Tenant, TenantId = BenchControlPlane.Tenant };
    if (team is not null) ctx.Team = team;
    var response = await new ProviderService.ProviderServiceClient(channel.Invoker).InvokeAsync(new InvokeRequest
    {
        Ctx = ctx, ProviderType = BenchControlPlane.ProviderType, Op = "echo", InputJson = UnsafeByteOperations.UnsafeWrap(json),
    }, headers, DateTime.UtcNow.AddSeconds(10));
    if (response.OutputJson.Length < 1024) throw new InvalidOperationException("short answer");
}

static async Task RouteAsync(ProviderRouter router, Principal principal, string team, byte[] json)
{
    var ctx = new TenantCtx { Env = "dev", Tenant = BenchControlPlane.Tenant, TenantId = BenchControlPlane.Tenant, Team = team };
    var call = new ProviderCall(BenchControlPlane.ProviderType, ProviderFunction.Invoke, "echo", json, ctx);
    var authorized = new AuthorizedCall(principal, new TenantContext("dev", BenchControlPlane.Tenant, team), ctx);
    var output = await router.CallAsync(authorized, call, DateTime.UtcNow.AddSeconds(10), CancellationToken.None);
    if (output.Length < 1024) throw new InvalidOperationException("short answer");
}

static byte[] Input(int size)
{
    var prefix = "{\"text\":\"";
    return Encoding.UTF8.GetBytes(prefix + new string('x', size - prefix.Length - 2) + "\"}");
}

static string BuildEcho(string dir)
{
    var root = AppContext.BaseDirectory;
    while (!File.Exists(Path.Combine(root, "Greentic.Grpc.sln"))) root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("no repository root");
    var output = Path.Combine(Path.GetTempPath(), "greentic-bench-components");
    using var build = Process.Start(new ProcessStartInfo("bash", [Path.Combine(root, "sidecars", "components", "build.sh"), output]))!;
    build.WaitForExit();
    if (build.ExitCode != 0) throw new InvalidOperationException("sidecars/components/build.sh failed");
    var copy = Path.Combine(dir, "echo.wasm");
    File.Copy(Path.Combine(output, "echo.wasm"), copy);
    return copy;
}

int Option(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var v) ? v : fallback;
}
