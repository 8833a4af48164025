using Greentic.Providers.Channels;
using Microsoft.Extensions.Options;

namespace Greentic.ControlPlane.Transports;

/// <summary>
/// The control plane's mutual-TLS identity towards remote gateways, watched for rotation: a timer compares the
/// files' stamps every <see cref="PollInterval"/> and bumps <see cref="Version"/> when they change, so remote
/// channels are rebuilt after a rotation without a restart and without touching the disk on every call.
/// </summary>
public sealed class RemoteIdentity : IDisposable
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    private readonly IOptionsMonitor<RemoteTlsOptions> _options;
    private readonly ITimer _timer;
    private string _stamp;
    private int _version;

    public RemoteIdentity(IOptionsMonitor<RemoteTlsOptions> options, TimeProvider time)
    {
        _options = options;
        _stamp = Stamp(options.CurrentValue);
        _timer = time.CreateTimer(_ => Poll(), null, PollInterval, PollInterval);
    }

    /// <summary>Changes whenever the identity files (or the options naming them) change.</summary>
    public int Version => Volatile.Read(ref _version);

    /// <summary>The identity for a remote channel; FAILED_PRECONDITION-worthy text when it is not configured.</summary>
    public ChannelTls Current
    {
        get
        {
            var o = _options.CurrentValue;
            if (o.ClientCertificateFile is null || o.ClientKeyFile is null || o.TrustedCaFile is null)
                throw new InvalidOperationException(
                    $"remote bindings need {RemoteTlsOptions.SectionName}:ClientCertificateFile, ClientKeyFile and TrustedCaFile (mutual TLS with a pinned CA)");
            return ChannelTls.FromFiles(o.ClientCertificateFile, o.ClientKeyFile, o.TrustedCaFile);
        }
    }

    private void Poll()
    {
        var stamp = Stamp(_options.CurrentValue);
        if (stamp == _stamp) return;
        _stamp = stamp;
        Interlocked.Increment(ref _version);
    }

    private static string Stamp(RemoteTlsOptions tls) => string.Join("|",
        new[] { tls.ClientCertificateFile, tls.ClientKeyFile, tls.TrustedCaFile }
            .Select(f => f is null || !File.Exists(f) ? "-" : $"{f}@{File.GetLastWriteTimeUtc(f).Ticks}:{new FileInfo(f).Length}"));

    public void Dispose() => _timer.Dispose();
}
