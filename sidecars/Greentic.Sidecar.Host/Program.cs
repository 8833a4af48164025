using Greentic.Providers;
using Greentic.Sidecar.Host;
using Greentic.Sidecar.Host.Components;

// A provider sidecar: serves the C# providers compiled into it, or the Wasm components given with --component, over
// gRPC (a Unix socket, loopback h2c, or TLS with client certificates as a remote gateway). Secrets, state and HTTP go
// back to the control plane (--control-plane) with the tenant context of the call being served.
SidecarOptions options;
try
{
    options = SidecarOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}
if (ParentWatcher.ParentGone()) return 0; // started by a supervisor that has already died: nothing to serve

using var tracing = SidecarTracing.Start();
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
builder.Logging.AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks", LogLevel.Warning);
builder.WebHost.ConfigureKestrel(k => SidecarListener.Configure(k, options));
builder.Services.AddGrpc();
// Serving while the process runs: Check answers live, never from a publisher cache that is empty for the first seconds.
builder.Services.AddGrpcHealthChecks(o => o.UseHealthChecksCache = false)
    .AddCheck("process", () => Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult.Healthy());
builder.Services.AddSingleton(_ => ControlPlaneConnection.Create(options)!);
if (options.Components.Count == 0)
{
    builder.Services.AddSampleProviders();
    builder.Services.AddSingleton<ProviderDispatcher>();
    builder.Services.AddSingleton<IProviderCalls>(sp => sp.GetRequiredService<ProviderDispatcher>());
    builder.Services.AddSingleton(sp => ControlPlaneCallbacks.Create(sp.GetService<ControlPlaneConnection>()));
}
else
{
    ComponentServices.Add(builder.Services, options);
}
if (ParentWatcher.Enabled) builder.Services.AddHostedService<ParentWatcher>();

WebApplication app;
try
{
    app = builder.Build();
    if (options.Components.Count > 0) ComponentServices.LoadNow(app.Services);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}
app.MapGrpcService<ProviderHostService>();
app.MapGrpcHealthChecksService();
await app.StartAsync();
SidecarLog.Listening(app.Logger, options.Listen);
await app.WaitForShutdownAsync();
return 0;
