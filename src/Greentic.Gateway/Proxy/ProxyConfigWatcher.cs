using Greentic.Gateway.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace Greentic.Gateway.Proxy;

/// <summary>
/// Triggers reloads: on every change of the application configuration (appsettings.json reloadOnChange,
/// a test's provider) and, when <c>Proxy:ConfigFile</c> is set, whenever that file's size or time changes
/// (polled: file watchers miss events on some file systems and mounts).
/// </summary>
internal sealed class ProxyConfigWatcher(GatewayProxyConfigProvider provider, IConfiguration configuration, IOptionsMonitor<GatewayOptions> options)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var signal = new SemaphoreSlim(0, 1);
        using var subscription = ChangeToken.OnChange(configuration.GetReloadToken, () =>
        {
            try { signal.Release(); } catch (SemaphoreFullException) { }
        });
        var fingerprint = Fingerprint(options.CurrentValue.Proxy.ConfigFile);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var signalled = await signal.WaitAsync(options.CurrentValue.Proxy.PollInterval, stoppingToken).ConfigureAwait(false);
                var now = Fingerprint(options.CurrentValue.Proxy.ConfigFile);
                if (signalled || now != fingerprint)
                {
                    fingerprint = now;
                    await provider.ReloadAsync(stoppingToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private static string Fingerprint(string? file)
    {
        if (string.IsNullOrWhiteSpace(file)) return "";
        try
        {
            // The content, not the time: two quick edits of the same size can share a timestamp.
            return Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(file)));
        }
        catch (IOException)
        {
            return "unreadable";
        }
        catch (UnauthorizedAccessException)
        {
            return "unreadable";
        }
    }
}
