using Greentic.Gateway.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Model;
using Microsoft.AspNetCore.Http;

namespace Greentic.Gateway.Proxy;

/// <summary>
/// Retries an idempotent gRPC call on another replica when the chosen one fails before answering — the
/// replica refused the connection, reset it, or died mid-flight. Runs in YARP's proxy pipeline before load
/// balancing, so each attempt picks again among the replicas not yet tried.
/// <list type="number">
/// <item>Only gRPC calls to a method in <c>Proxy:Retry:IdempotentMethods</c>; others pass straight through.</item>
/// <item>Buffer the request body (at most <c>MaxBufferedBodyBytes</c>; a larger body is forwarded once, unretried).</item>
/// <item>Forward. Success, an answer from the replica (any gRPC status), or any byte already sent to the client ends it.</item>
/// <item>A transport failure (<see cref="ForwarderError.Request"/>, <see cref="ForwarderError.RequestTimedOut"/>,
/// <see cref="ForwarderError.RequestBodyDestination"/>): drop that replica from the candidates, reset the
/// response, replay the body, and forward again, up to <c>MaxAttempts</c>.</item>
/// </list>
/// </summary>
internal sealed class IdempotentRetryMiddleware(RequestDelegate next, IOptionsMonitor<GatewayOptions> options, ILogger<IdempotentRetryMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var retry = options.CurrentValue.Proxy.Retry;
        if (!retry.Enabled || retry.MaxAttempts < 2 || !GrpcWire.IsGrpc(context.Request) || !IsIdempotent(context.Request.Path, retry.IdempotentMethods))
        {
            await next(context);
            return;
        }
        var body = await BufferAsync(context.Request, retry.MaxBufferedBodyBytes, context.RequestAborted);
        if (body is null)
        {
            await next(context);
            return;
        }
        var proxy = context.GetReverseProxyFeature();
        var candidates = proxy.AvailableDestinations;
        for (var attempt = 1; ; attempt++)
        {
            context.Request.Body = new MemoryStream(body, writable: false);
            await next(context);
            var error = context.Features.Get<IForwarderErrorFeature>();
            if (error is null || attempt >= retry.MaxAttempts || context.Response.HasStarted || context.RequestAborted.IsCancellationRequested
                || error.Error is not (ForwarderError.Request or ForwarderError.RequestTimedOut or ForwarderError.RequestBodyDestination))
            {
                return;
            }
            var failed = proxy.ProxiedDestination;
            candidates = candidates.Where(d => !ReferenceEquals(d, failed)).ToList();
            if (candidates.Count == 0) return;
            ProxyLog.RetryingOnAnotherReplica(logger, context.Request.Path.Value ?? "", failed?.DestinationId ?? "?", error.Error.ToString(), attempt + 1);
            context.Features.Set<IForwarderErrorFeature?>(null);
            context.Response.Clear();
            proxy.AvailableDestinations = candidates;
        }
    }

    internal static bool IsIdempotent(PathString path, IReadOnlyList<string> methods)
    {
        var value = path.Value;
        if (string.IsNullOrEmpty(value)) return false;
        foreach (var method in methods)
        {
            if (method.EndsWith("/*", StringComparison.Ordinal)
                    ? value.StartsWith(method[..^1], StringComparison.Ordinal) && value.IndexOf('/', method.Length - 1) < 0
                    : string.Equals(value, method, StringComparison.Ordinal))
                return true;
        }
        return false;
    }

    /// <summary>The whole body, or null (with the body left readable from the start) when it exceeds the limit.</summary>
    private static async Task<byte[]?> BufferAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit) return null;
        var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > limit)
            {
                // Too large to replay: hand the proxy what was read followed by the rest, and do not retry.
                request.Body = new PrefixedReadStream(buffer.ToArray(), request.Body);
                return null;
            }
        }
        return buffer.ToArray();
    }
}
