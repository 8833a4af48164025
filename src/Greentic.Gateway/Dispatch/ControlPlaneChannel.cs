using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using Grpc.Net.Client;
using Greentic.Gateway.Hosting;
using Microsoft.Extensions.Options;

namespace Greentic.Gateway.Dispatch;

/// <summary>
/// The one gRPC channel the gateway uses to call the control plane (Grpc.Net.Client; HTTP/2 connections are
/// reused across calls), plus what every call carries: the gateway's bearer token and a deadline.
/// </summary>
internal sealed class ControlPlaneChannel : IDisposable
{
    private readonly IOptionsMonitor<GatewayOptions> _options;
    private readonly TimeProvider _time;
    private readonly Lazy<GrpcChannel> _channel;
    private (string Path, DateTime Written, string Token)? _tokenFile;

    public ControlPlaneChannel(IOptionsMonitor<GatewayOptions> options, TimeProvider time)
    {
        _options = options;
        _time = time;
        _channel = new Lazy<GrpcChannel>(Create);
    }

    public GrpcChannel Channel => _channel.Value;

    /// <summary>Headers and deadline for one call.</summary>
    public CallOptions CallOptions(string? correlationId, CancellationToken cancellationToken, TimeSpan? timeout = null)
    {
        var o = _options.CurrentValue.ControlPlane;
        var headers = new Metadata();
        if (Token() is { Length: > 0 } token) headers.Add("authorization", $"Bearer {token}");
        if (!string.IsNullOrEmpty(correlationId)) headers.Add("x-correlation-id", correlationId);
        var deadline = _time.GetUtcNow().UtcDateTime + (timeout ?? o.Timeout);
        return new CallOptions(headers, deadline, cancellationToken);
    }

    private string? Token()
    {
        var o = _options.CurrentValue.ControlPlane;
        if (string.IsNullOrWhiteSpace(o.ServiceTokenFile)) return o.ServiceToken;
        var path = Path.GetFullPath(o.ServiceTokenFile);
        var written = File.GetLastWriteTimeUtc(path);
        var cached = _tokenFile;
        if (cached is { } c && c.Path == path && c.Written == written) return c.Token;
        var token = File.ReadAllText(path).Trim();
        _tokenFile = (path, written, token);
        return token;
    }

    private GrpcChannel Create()
    {
        var o = _options.CurrentValue.ControlPlane;
        var handler = new SocketsHttpHandler
        {
            EnableMultipleHttp2Connections = true,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            KeepAlivePingDelay = TimeSpan.FromSeconds(30),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(10),
            ConnectTimeout = TimeSpan.FromSeconds(5),
        };
        if (!string.IsNullOrWhiteSpace(o.ClientCertificateFile))
        {
            var certificate = X509Certificate2.CreateFromPemFile(o.ClientCertificateFile, o.ClientKeyFile);
            handler.SslOptions.ClientCertificates = [certificate];
        }
        if (!string.IsNullOrWhiteSpace(o.CaCertificateFile))
        {
            var roots = new X509Certificate2Collection();
            roots.ImportFromPemFile(o.CaCertificateFile);
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
            {
                if (certificate is null) return false;
                if (errors == System.Net.Security.SslPolicyErrors.None) return true;
                if ((errors & System.Net.Security.SslPolicyErrors.RemoteCertificateNameMismatch) != 0) return false;
                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.AddRange(roots);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return chain.Build(new X509Certificate2(certificate));
            };
        }
        return GrpcChannel.ForAddress(o.Address, new GrpcChannelOptions
        {
            HttpHandler = handler,
            // The token travels as a plain call header (not CallCredentials), so h2c inside a pod or on loopback works too.
            MaxReceiveMessageSize = 16 * 1024 * 1024,
        });
    }

    public void Dispose()
    {
        if (_channel.IsValueCreated) _channel.Value.Dispose();
    }
}
