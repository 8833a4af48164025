using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Http;

namespace Greentic.Rpc;

/// <summary>What a handler knows about its call, and what it may set on the response.</summary>
public abstract class ServerCallContext
{
    /// <summary>The full method name, <c>/package.Service/Method</c>.</summary>
    public abstract string Method { get; }
    public abstract string Host { get; }
    public abstract string Peer { get; }

    /// <summary>The call's deadline in UTC (from <c>grpc-timeout</c>), or <see cref="DateTime.MaxValue"/>.</summary>
    public abstract DateTime Deadline { get; }
    public abstract Metadata RequestHeaders { get; }

    /// <summary>Cancelled when the client cancels, the deadline passes, or the connection drops.</summary>
    public abstract CancellationToken CancellationToken { get; }
    public abstract Metadata ResponseTrailers { get; }
    public abstract Status Status { get; set; }

    /// <summary>The client's TLS certificate, when the connection is mutual TLS.</summary>
    public abstract X509Certificate2? ClientCertificate { get; }

    /// <summary>The ASP.NET Core context of the call, for whatever the abstractions above do not carry.</summary>
    public abstract HttpContext GetHttpContext();

    /// <summary>Sends response headers now; at most once, and before the first message.</summary>
    public abstract Task WriteResponseHeadersAsync(Metadata responseHeaders);

    /// <summary>
    /// Options for the response messages written from now on: <see cref="WriteFlags.NoCompress"/> sends them uncompressed
    /// on a call that compresses responses; <see cref="WriteFlags.BufferHint"/> lets streamed writes wait for the next flush.
    /// </summary>
    public virtual WriteOptions? WriteOptions { get; set; }

    /// <summary>Per-call storage for interceptors and handlers.</summary>
    public abstract IDictionary<object, object?> UserState { get; }
}
