using System.Collections.ObjectModel;
using System.IO.Compression;
using Greentic.Rpc.Compression;

namespace Greentic.Rpc;

/// <summary>
/// Server options, set with <c>services.AddRpc(o =&gt; …)</c> for every service and refined per service with
/// <c>.AddServiceOptions&lt;TService&gt;(o =&gt; …)</c>. Read once, when <c>MapRpcService</c> binds the service.
/// </summary>
public class RpcServiceOptions
{
    /// <summary>The largest message accepted, after decompression; larger ones end the call with RESOURCE_EXHAUSTED. Null for no limit.</summary>
    public int? MaxReceiveMessageSize { get; set; } = 4 * 1024 * 1024;

    /// <summary>The largest message the server sends (before compression); larger ones end the call with RESOURCE_EXHAUSTED. Null for no limit.</summary>
    public int? MaxSendMessageSize { get; set; }

    /// <summary>When set, a handler's exception message is returned to the client in <c>grpc-message</c>. Leave off in production.</summary>
    public bool EnableDetailedErrors { get; set; }

    /// <summary>
    /// Compress responses with this encoding (e.g. "gzip") whenever the client lists it in <c>grpc-accept-encoding</c>.
    /// A handler can choose per call by sending <c>grpc-internal-encoding-request</c> in its response headers.
    /// </summary>
    public string? ResponseCompressionAlgorithm { get; set; }

    public CompressionLevel? ResponseCompressionLevel { get; set; }

    /// <summary>The encodings the server reads and writes besides "identity". gzip and deflate by default.</summary>
    public IList<ICompressionProvider> CompressionProviders { get; } =
        new List<ICompressionProvider> { new GzipCompressionProvider(), new DeflateCompressionProvider() };

    /// <summary>Server interceptors, outermost first.</summary>
    public InterceptorCollection Interceptors { get; } = new();
}

/// <summary>Server interceptors: instances, or types resolved from DI (or created per call when not registered).</summary>
public sealed class InterceptorCollection : Collection<InterceptorRegistration>
{
    public void Add<TInterceptor>(params object[] args) where TInterceptor : Interceptor => Add(typeof(TInterceptor), args);

    public void Add(Type interceptorType, params object[] args)
    {
        if (!typeof(Interceptor).IsAssignableFrom(interceptorType))
            throw new ArgumentException($"{interceptorType} is not an {nameof(Interceptor)}.", nameof(interceptorType));
        Add(new InterceptorRegistration(interceptorType, args, null));
    }

    public void Add(Interceptor interceptor) => Add(new InterceptorRegistration(interceptor.GetType(), [], interceptor));
}

/// <summary>One registered server interceptor: a type with constructor arguments, or a ready instance.</summary>
public sealed record InterceptorRegistration(Type Type, object[] Arguments, Interceptor? Instance);
