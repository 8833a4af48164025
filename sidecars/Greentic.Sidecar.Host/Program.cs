using Greentic.ControlPlane.Providers;
using Greentic.ControlPlane.Providers.Samples;
using Greentic.Rpc;
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

var builder = WebApplication.CreateSlimBuilder(args);
builder.WebHost.ConfigureKestrel(k => SidecarListener.Configure(k, options.Listen));
builder.Services.AddRpc();
builder.Services.AddSingleton<IProvider, EchoProvider>();
builder.Services.AddSingleton<IProvider, DummyMessagingProvider>();
builder.Services.AddSingleton<ProviderDispatcher>();
builder.Services.AddSingleton<ProviderHostService>();
builder.Services.AddSingleton<IProviderHostFactory>(_ => ControlPlaneCallbacks.Create(options));
if (ParentWatcher.Enabled) builder.Services.AddHostedService<ParentWatcher>();

var app = builder.Build();
app.MapRpcService<ProviderHostService>();
app.MapRpcHealthService();
await app.StartAsync();
Console.WriteLine($"greentic sidecar listening on {options.Listen}");
await app.WaitForShutdownAsync();
return 0;
