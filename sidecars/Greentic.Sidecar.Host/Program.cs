using Greentic.Providers;
using Greentic.Sidecar.Host;

// A provider sidecar: serves the providers compiled into it over gRPC. Secrets and state calls go back to
// the control plane (--control-plane) with the tenant context of the call being served.
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

var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
builder.Logging.AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks", LogLevel.Warning);
builder.WebHost.ConfigureKestrel(k => SidecarListener.Configure(k, options.Listen));
builder.Services.AddGrpc();
// Serving while the process runs: Check answers live, never from a publisher cache that is empty for the first seconds.
builder.Services.AddGrpcHealthChecks(o => o.UseHealthChecksCache = false)
    .AddCheck("process", () => Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult.Healthy());
builder.Services.AddSampleProviders();
builder.Services.AddSingleton<ProviderDispatcher>();
builder.Services.AddSingleton<IProviderHostFactory>(_ => ControlPlaneCallbacks.Create(options));
if (ParentWatcher.Enabled) builder.Services.AddHostedService<ParentWatcher>();

var app = builder.Build();
app.MapGrpcService<ProviderHostService>();
app.MapGrpcHealthChecksService();
await app.StartAsync();
SidecarLog.Listening(app.Logger, options.Listen);
await app.WaitForShutdownAsync();
return 0;
