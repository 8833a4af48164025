using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;

namespace Greentic.Providers.Channels;

/// <summary>
/// One reusable gRPC channel to a target written as <c>unix:///path</c> (h2c over a Unix socket),
/// <c>http://host:port</c> (h2c) or <c>https://host:port</c> (TLS; with <see cref="ChannelTls"/>, pinned roots and an
/// optional client certificate, else the system's trust).
/// Keepalive pings and multiple HTTP/2 connections follow grpc-dotnet's performance guidance; a failure to
/// connect names the target as it was written, never the placeholder authority of a Unix socket.
/// </summary>
public sealed class TargetChannel : IDisposable
{
    public const int DefaultMaxMessageSize = 16 * 1024 * 1024;

    private readonly GrpcChannel _channel;

    private TargetChannel(string target, GrpcChannel channel)
    {
        Target = target;
        _channel = channel;
        Invoker = channel.Intercept(new UnreachableTargetInterceptor(target));
    }

    public string Target { get; }

    /// <summary>The channel's call invoker; generated clients take it.</summary>
    public CallInvoker Invoker { get; }

    /// <param name="maxMessageSize">Largest message sent or received; null is <see cref="DefaultMaxMessageSize"/>.</param>
    public static TargetChannel Create(string target, ChannelTls? tls = null, int? maxMessageSize = null)
    {
        var handler = new SocketsHttpHandler
        {
            EnableMultipleHttp2Connections = true,
            KeepAlivePingDelay = TimeSpan.FromSeconds(60),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(30),
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests,
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
        };
        string address;
        if (target.StartsWith("unix://", StringComparison.Ordinal))
        {
            var path = target["unix://".Length..];
            if (path.Length == 0) throw new ArgumentException($"'{target}' names no socket path (write unix:///absolute/path)", nameof(target));
            handler.ConnectCallback = (_, ct) => ConnectUnixAsync(path, ct);
            address = "http://localhost";
        }
        else if (Uri.TryCreate(target, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
        {
            address = target;
            if (uri.Scheme == Uri.UriSchemeHttps && tls is not null) ConfigureTls(handler, tls);
        }
        else
        {
            throw new ArgumentException($"'{target}' is not a gRPC target: write unix:///path, http://host:port or https://host:port", nameof(target));
        }
        var size = maxMessageSize ?? DefaultMaxMessageSize;
        var channel = GrpcChannel.ForAddress(address, new GrpcChannelOptions
        {
            HttpHandler = handler,
            DisposeHttpClient = true,
            MaxReceiveMessageSize = size,
            MaxSendMessageSize = size,
        });
        return new TargetChannel(target, channel);
    }

    private static async ValueTask<Stream> ConnectUnixAsync(string path, CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static void ConfigureTls(SocketsHttpHandler handler, ChannelTls tls) =>
        handler.SslOptions = new SslClientAuthenticationOptions
        {
            ClientCertificates = tls.ClientCertificate is { } client ? [client] : null,
            RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                certificate is X509Certificate2 server && PinnedChain.Validates(server, tls.TrustedRoots, errors),
        };

    public void Dispose() => _channel.Dispose();
}
