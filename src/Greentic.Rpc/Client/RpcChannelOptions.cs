using System.IO.Compression;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Greentic.Rpc.Compression;
using Microsoft.Extensions.Logging;

namespace Greentic.Rpc;

/// <summary>Options of an <see cref="RpcChannel"/>.</summary>
public sealed class RpcChannelOptions
{
    /// <summary>The largest response message accepted, after decompression (RESOURCE_EXHAUSTED beyond). Null for no limit.</summary>
    public int? MaxReceiveMessageSize { get; set; } = 4 * 1024 * 1024;

    /// <summary>The largest request message sent, before compression (RESOURCE_EXHAUSTED beyond, nothing is sent). Null for no limit.</summary>
    public int? MaxSendMessageSize { get; set; }

    /// <summary>The encodings the channel can compress requests with and decompress responses from. gzip and deflate by default.</summary>
    public IList<ICompressionProvider> CompressionProviders { get; } =
        new List<ICompressionProvider> { new GzipCompressionProvider(), new DeflateCompressionProvider() };

    public CompressionLevel? RequestCompressionLevel { get; set; }

    /// <summary>Client interceptors for every call of the channel, outermost first.</summary>
    public IList<Interceptor> Interceptors { get; } = new List<Interceptor>();

    /// <summary>
    /// Sends requests through this handler instead of the channel's own <see cref="SocketsHttpHandler"/> (the TLS,
    /// Unix socket and connection options below then do not apply). It must speak HTTP/2.
    /// </summary>
    public HttpMessageHandler? HttpHandler { get; set; }

    /// <summary>Whether disposing the channel disposes <see cref="HttpHandler"/>. The channel's own handler is always disposed.</summary>
    public bool DisposeHttpHandler { get; set; }

    /// <summary>
    /// Trust only these CAs for the server's certificate (a pinned private CA), instead of the system's roots.
    /// The host name is still checked.
    /// </summary>
    public X509Certificate2Collection? TrustedCaCertificates { get; set; }

    /// <summary>Full control over server certificate validation; wins over <see cref="TrustedCaCertificates"/>.</summary>
    public RemoteCertificateValidationCallback? ServerCertificateValidation { get; set; }

    /// <summary>Client certificates offered for mutual TLS.</summary>
    public X509Certificate2Collection? ClientCertificates { get; set; }

    /// <summary>
    /// Sent as <c>:authority</c> (and used for TLS SNI and name checks) instead of the address's host, e.g. when
    /// dialing an IP for a certificate issued to a name.
    /// </summary>
    public string? Authority { get; set; }

    /// <summary>Open more HTTP/2 connections when one reaches the server's concurrent stream limit. On by default.</summary>
    public bool EnableMultipleHttp2Connections { get; set; } = true;

    /// <summary>HTTP/2 keep-alive PING interval on idle connections; off when null.</summary>
    public TimeSpan? KeepAlivePingDelay { get; set; }

    public TimeSpan KeepAlivePingTimeout { get; set; } = TimeSpan.FromSeconds(20);

    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(20);

    public ILoggerFactory? LoggerFactory { get; set; }
}
