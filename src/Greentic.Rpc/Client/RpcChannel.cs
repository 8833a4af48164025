using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Greentic.Rpc.Client.Internal;
using Greentic.Rpc.Compression;
using Greentic.Rpc.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Greentic.Rpc;

/// <summary>
/// A gRPC channel over HTTP/2 with <see cref="SocketsHttpHandler"/>: one handler (and its connection pool) per
/// channel, shared by every call and client made from it. Addresses: <c>http://host:port</c> (h2c with prior
/// knowledge), <c>https://host:port</c> (TLS, ALPN h2), or <c>unix:///path/to.sock</c> (h2c over a Unix socket).
/// </summary>
public sealed class RpcChannel : ChannelBase, IDisposable
{
    private readonly ConcurrentDictionary<string, Uri> _methodUris = new(StringComparer.Ordinal);
    private readonly HttpMessageHandler _handler;
    private readonly bool _disposeHandler;

    private RpcChannel(string target, Uri baseAddress, string? unixSocketPath, RpcChannelOptions options) : base(target)
    {
        BaseAddress = baseAddress;
        Options = options;
        MaxReceiveMessageSize = options.MaxReceiveMessageSize ?? int.MaxValue;
        MaxSendMessageSize = options.MaxSendMessageSize ?? int.MaxValue;
        CompressionProviders = WireMetadata.IndexProviders(options.CompressionProviders, out var acceptEncoding);
        AcceptEncoding = acceptEncoding;
        Logger = (options.LoggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Greentic.Rpc.Client.RpcChannel");

        if (options.HttpHandler is not null)
        {
            _handler = options.HttpHandler;
            _disposeHandler = options.DisposeHttpHandler;
        }
        else
        {
            _handler = CreateHandler(options, unixSocketPath);
            _disposeHandler = true;
        }
        Invoker = new HttpMessageInvoker(_handler, disposeHandler: false);
    }

    /// <summary>Creates a channel; no connection is made until the first call.</summary>
    public static RpcChannel ForAddress(string address, RpcChannelOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(address);
        options ??= new RpcChannelOptions();
        if (address.StartsWith("unix:", StringComparison.OrdinalIgnoreCase))
        {
            // unix:///abs/path, unix:/abs/path and unix:relative/path (grpc/doc/naming.md).
            var path = address["unix:".Length..];
            if (path.StartsWith("//", StringComparison.Ordinal)) path = path[2..];
            if (path.Length == 0) throw new ArgumentException($"'{address}' names no socket path.", nameof(address));
            return new RpcChannel(address, new Uri("http://localhost/"), path, options);
        }
        return ForAddress(new Uri(address), options);
    }

    public static RpcChannel ForAddress(Uri address, RpcChannelOptions? options = null)
    {
        options ??= new RpcChannelOptions();
        if (address.Scheme is not ("http" or "https"))
            throw new ArgumentException($"Address '{address}' must be http://, https:// or unix://.", nameof(address));
        var baseAddress = new Uri(address.GetLeftPart(UriPartial.Authority) + "/");
        return new RpcChannel(address.OriginalString, baseAddress, null, options);
    }

    internal Uri BaseAddress { get; }
    internal RpcChannelOptions Options { get; }
    internal HttpMessageInvoker Invoker { get; }
    internal int MaxReceiveMessageSize { get; }
    internal int MaxSendMessageSize { get; }
    internal IReadOnlyDictionary<string, ICompressionProvider> CompressionProviders { get; }
    internal string AcceptEncoding { get; }
    internal ILogger Logger { get; }

    public override CallInvoker CreateCallInvoker()
    {
        CallInvoker invoker = new HttpCallInvoker(this);
        for (var i = Options.Interceptors.Count - 1; i >= 0; i--)
            invoker = new InterceptingCallInvoker(invoker, Options.Interceptors[i]);
        return invoker;
    }

    internal Uri GetMethodUri(IMethod method) =>
        _methodUris.GetOrAdd(method.FullName, static (path, baseAddress) => new Uri(baseAddress, path), BaseAddress);

    public void Dispose()
    {
        Invoker.Dispose();
        if (_disposeHandler) _handler.Dispose();
    }

    private static SocketsHttpHandler CreateHandler(RpcChannelOptions options, string? unixSocketPath)
    {
        var handler = new SocketsHttpHandler
        {
            EnableMultipleHttp2Connections = options.EnableMultipleHttp2Connections,
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
            ConnectTimeout = options.ConnectTimeout,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            AllowAutoRedirect = false,
        };
        if (options.KeepAlivePingDelay is { } delay)
        {
            handler.KeepAlivePingDelay = delay;
            handler.KeepAlivePingTimeout = options.KeepAlivePingTimeout;
            handler.KeepAlivePingPolicy = HttpKeepAlivePingPolicy.Always;
        }

        handler.SslOptions = new SslClientAuthenticationOptions
        {
            ApplicationProtocols = [SslApplicationProtocol.Http2],
            EnabledSslProtocols = SslProtocols.None, // the OS default: TLS 1.2 and 1.3
        };
        if (options.ClientCertificates is { Count: > 0 } clientCertificates)
            handler.SslOptions.ClientCertificates = clientCertificates;
        if (options.ServerCertificateValidation is { } validation)
            handler.SslOptions.RemoteCertificateValidationCallback = validation;
        else if (options.TrustedCaCertificates is { Count: > 0 } roots)
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, chain, errors) => ValidateAgainst(roots, certificate, chain, errors);

        if (unixSocketPath is not null)
        {
            handler.UseProxy = false;
            handler.ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(unixSocketPath), cancellationToken).ConfigureAwait(false);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            };
        }
        return handler;
    }

    /// <summary>Chain validation against a pinned set of roots only; the name check of the TLS stack still applies.</summary>
    private static bool ValidateAgainst(X509Certificate2Collection roots, X509Certificate? certificate, X509Chain? presented, SslPolicyErrors errors)
    {
        if (certificate is null) return false;
        if ((errors & (SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateNotAvailable)) != 0) return false;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (presented is not null)
            foreach (var element in presented.ChainElements) chain.ChainPolicy.ExtraStore.Add(element.Certificate);
        var leaf = certificate as X509Certificate2 ?? new X509Certificate2(certificate);
        return chain.Build(leaf);
    }
}
