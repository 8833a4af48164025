using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Greentic.Rpc.Tests.Infrastructure;

/// <summary>A real Kestrel server on 127.0.0.1 (port 0), h2c by default, with the Echo service mapped.</summary>
public sealed class TestHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TestHost(WebApplication app, string address)
    {
        _app = app;
        Address = address;
    }

    public string Address { get; }
    public IServiceProvider Services => _app.Services;
    public CallProbe Probe => _app.Services.GetRequiredService<CallProbe>();

    public sealed class Settings
    {
        public Action<RpcServiceOptions>? Rpc { get; set; }
        public Action<IServiceCollection>? Services { get; set; }
        public Action<IEndpointRouteBuilder>? Map { get; set; }
        public X509Certificate2? ServerCertificate { get; set; }
        public bool RequireClientCertificate { get; set; }
        public string? UnixSocketPath { get; set; }
        public HttpProtocols Protocols { get; set; } = HttpProtocols.Http2;
        public bool MapEcho { get; set; } = true;
    }

    public static async Task<TestHost> StartAsync(Action<Settings>? configure = null)
    {
        var settings = new Settings();
        configure?.Invoke(settings);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            if (settings.UnixSocketPath is { } path)
            {
                kestrel.ListenUnixSocket(path, o => o.Protocols = HttpProtocols.Http2);
                return;
            }
            kestrel.Listen(IPAddress.Loopback, 0, listen =>
            {
                listen.Protocols = settings.Protocols;
                if (settings.ServerCertificate is { } certificate)
                {
                    listen.UseHttps(new HttpsConnectionAdapterOptions
                    {
                        ServerCertificate = certificate,
                        ClientCertificateMode = settings.RequireClientCertificate ? ClientCertificateMode.RequireCertificate : ClientCertificateMode.AllowCertificate,
                        // The test CA is not in the machine's store: accept any client cert here, the test asserts on it.
                        ClientCertificateValidation = (_, _, _) => true,
                    });
                }
            });
        });
        builder.Services.AddSingleton<CallProbe>();
        builder.Services.AddRpc(o => settings.Rpc?.Invoke(o));
        settings.Services?.Invoke(builder.Services);
        var app = builder.Build();
        if (settings.MapEcho) app.MapRpcService<EchoService>();
        settings.Map?.Invoke(app);
        await app.StartAsync();
        string address;
        if (settings.UnixSocketPath is { } socketPath) address = "unix://" + socketPath;
        else
        {
            var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            address = bound.Replace("[::]", "127.0.0.1");
            if (settings.ServerCertificate is not null) address = address.Replace("127.0.0.1", "localhost");
        }
        return new TestHost(app, address);
    }

    public RpcChannel CreateChannel(Action<RpcChannelOptions>? configure = null)
    {
        var options = new RpcChannelOptions();
        configure?.Invoke(options);
        return RpcChannel.ForAddress(Address, options);
    }

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        await _app.StopAsync(stop.Token);
        await _app.DisposeAsync();
    }
}
