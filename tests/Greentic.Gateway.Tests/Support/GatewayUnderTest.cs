using Greentic.Gateway.Hosting;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Greentic.Gateway.Tests.Support;

/// <summary>
/// The real gateway (<see cref="GatewayHost.Build"/>) on two loopback ports: HTTP/1.1 for webhooks and admin,
/// h2c for gRPC. Dedupe in a temporary SQLite file; the clock shifted by the test; every log line captured.
/// </summary>
public sealed class GatewayUnderTest : IAsyncDisposable
{
    public const string ServiceToken = "gateway-service-token";

    private readonly string _directory;

    private GatewayUnderTest(WebApplication app, string directory, ShiftedTimeProvider time, CapturedLogs logs)
    {
        App = app;
        _directory = directory;
        Time = time;
        Logs = logs;
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.ToList();
        HttpAddress = addresses[0];
        GrpcAddress = addresses[1];
        Http = new HttpClient { BaseAddress = new Uri(HttpAddress), Timeout = TimeSpan.FromSeconds(60) };
        Channel = GrpcChannel.ForAddress(GrpcAddress);
    }

    public WebApplication App { get; }
    public ShiftedTimeProvider Time { get; }
    public CapturedLogs Logs { get; }
    public string HttpAddress { get; }
    public string GrpcAddress { get; }
    public HttpClient Http { get; }
    public GrpcChannel Channel { get; }
    public string Directory => _directory;

    public static async Task<GatewayUnderTest> StartAsync(IDictionary<string, string?> settings, Action<WebApplicationBuilder>? configure = null)
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("greentic-gateway-test-").FullName;
        var time = new ShiftedTimeProvider();
        var logs = new CapturedLogs();
        var all = new Dictionary<string, string?>
        {
            ["Greentic:Gateway:Listen:0:Url"] = "http://127.0.0.1:0",
            ["Greentic:Gateway:Listen:0:Protocols"] = "Http1",
            ["Greentic:Gateway:Listen:1:Url"] = "http://127.0.0.1:0",
            ["Greentic:Gateway:Listen:1:Protocols"] = "Http2",
            ["Greentic:Gateway:Dedupe:SqlitePath"] = Path.Combine(directory, "dedupe.db"),
            ["Greentic:Gateway:ControlPlane:ServiceToken"] = ServiceToken,
            ["Greentic:Gateway:Webhooks:BotFramework:RequireHttpsMetadata"] = "false",
        };
        foreach (var (k, v) in settings) all[k] = v;
        var app = GatewayHost.Build([], builder =>
        {
            builder.Configuration.Sources.Clear();
            builder.Configuration.AddInMemoryCollection(all);
            builder.Logging.ClearProviders();
            builder.Logging.SetMinimumLevel(LogLevel.Debug);
            builder.Logging.AddProvider(logs);
            builder.Services.AddSingleton<TimeProvider>(time);
            configure?.Invoke(builder);
        });
        await app.StartAsync();
        return new GatewayUnderTest(app, directory, time, logs);
    }

    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        Http.Dispose();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await App.StopAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
        }
        await App.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            System.IO.Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
