using Greentic.Gateway.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Configuration;

namespace Greentic.Gateway.Proxy;

/// <summary>
/// YARP's configuration source: routes and clusters from <c>Greentic:Gateway:Proxy</c> (or its ConfigFile),
/// held as an immutable <see cref="ProxyConfigSnapshot"/>.
/// <list type="number">
/// <item>Read the section or file into a candidate snapshot (binding errors and JSON syntax errors are caught).</item>
/// <item>Validate it (<see cref="ProxyConfigValidator"/>: YARP's validation plus cross references).</item>
/// <item>On any error keep the live snapshot and record why (log + <see cref="Status"/>, shown by the admin endpoint).</item>
/// <item>Otherwise swap it in with one reference write and fire the old snapshot's change token; YARP then applies it.</item>
/// <item>Should YARP still refuse it (<see cref="ApplyFailed"/>), revert to the last applied snapshot and record that too.</item>
/// </list>
/// </summary>
internal sealed class GatewayProxyConfigProvider : IProxyConfigProvider
{
    private readonly IConfiguration _configuration;
    private readonly IOptionsMonitor<GatewayOptions> _options;
    private readonly ProxyConfigValidator _validator;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private ProxyConfigSnapshot _current = ProxyConfigSnapshot.Empty;
    private ProxyConfigSnapshot _lastApplied = ProxyConfigSnapshot.Empty;
    private ProxyConfigStatus _status = new("empty", "(none)", 0, 0, null, null, null, []);

    public GatewayProxyConfigProvider(IConfiguration configuration, IOptionsMonitor<GatewayOptions> options, ProxyConfigValidator validator,
        TimeProvider time, ILogger<GatewayProxyConfigProvider> logger)
    {
        _configuration = configuration;
        _options = options;
        _validator = validator;
        _time = time;
        _logger = logger;
        ReloadAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult();
    }

    public IProxyConfig GetConfig() => Volatile.Read(ref _current);

    internal ProxyConfigSnapshot Current => Volatile.Read(ref _current);

    public ProxyConfigStatus Status => Volatile.Read(ref _status);

    /// <summary>Reads and validates the configuration; returns false (keeping the live one) when it is bad.</summary>
    public async ValueTask<bool> ReloadAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var now = _time.GetUtcNow();
            ProxyConfigSnapshot candidate;
            IReadOnlyList<string> errors;
            try
            {
                candidate = ReadCandidate();
                errors = await _validator.ValidateAsync(candidate).ConfigureAwait(false);
            }
            catch (ProxyConfigException ex)
            {
                candidate = ProxyConfigSnapshot.Empty;
                errors = ex.Errors;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Whatever else a hostile file provokes is a rejected reload too, never a stopped gateway.
                candidate = ProxyConfigSnapshot.Empty;
                errors = [$"{_options.CurrentValue.Proxy.ConfigFile ?? GatewayOptions.SectionName + ":Proxy"}: {ex.Message}"];
            }
            if (errors.Count > 0)
            {
                Record(now, errors);
                return false;
            }
            var live = Current;
            if (candidate.Version != live.Version)
            {
                Volatile.Write(ref _current, candidate);
                live.SignalChanged();
                ProxyLog.ConfigChanged(_logger, candidate.Version, candidate.Routes.Count, candidate.Clusters.Count, candidate.Source);
            }
            var current = Current;
            Volatile.Write(ref _status, new ProxyConfigStatus(current.Version, current.Source, current.Routes.Count, current.Clusters.Count, now, now, null, []));
            return true;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>YARP applied a snapshot: it becomes the one to fall back to.</summary>
    internal void Applied(IProxyConfig config)
    {
        if (config is ProxyConfigSnapshot snapshot) Volatile.Write(ref _lastApplied, snapshot);
    }

    /// <summary>YARP refused a snapshot our validation passed: go back to the last applied one.</summary>
    internal void ApplyFailed(IProxyConfig config, Exception exception)
    {
        if (config is not ProxyConfigSnapshot failed || !ReferenceEquals(failed, Current)) return;
        var last = Volatile.Read(ref _lastApplied);
        var restored = new ProxyConfigSnapshot(last.Routes, last.Clusters, last.Version, last.Source);
        Volatile.Write(ref _current, restored);
        Record(_time.GetUtcNow(), [$"YARP refused configuration {failed.Version}: {exception.Message}"]);
        failed.SignalChanged();
    }

    private ProxyConfigSnapshot ReadCandidate()
    {
        var options = _options.CurrentValue;
        var file = options.Proxy.ConfigFile;
        var address = options.ControlPlane.Address;
        if (string.IsNullOrWhiteSpace(file))
        {
            return ProxyConfigReader.Read(_configuration.GetSection($"{GatewayOptions.SectionName}:Proxy"), $"{GatewayOptions.SectionName}:Proxy", address);
        }
        return ProxyConfigReader.ReadFile(Path.GetFullPath(file), address);
    }

    private void Record(DateTimeOffset now, IReadOnlyList<string> errors)
    {
        var message = string.Join("; ", errors);
        var old = Status;
        Volatile.Write(ref _status, old with { LastAttempt = now, LastError = message, LastErrors = errors });
        ProxyLog.ConfigRejected(_logger, Current.Version, errors.Count, message);
    }
}
