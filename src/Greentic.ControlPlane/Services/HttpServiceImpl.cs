using Greentic.ControlPlane.Egress;
using System.Net;
using Google.Protobuf;
using Greentic.ControlPlane.Tenancy;
using Greentic.Http.V1;
using HttpRequest = Greentic.Http.V1.HttpRequest;
using HttpResponse = Greentic.Http.V1.HttpResponse;
using Grpc.Core;
using Greentic.Types.V1;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Greentic.ControlPlane.Services;

/// <summary>
/// <c>greentic.http.v1.HttpService</c>: outbound HTTP for providers (sidecars and Wasm), under the calling
/// tenant's network policy. Redirects are followed here, hop by hop, so every hop is checked against the
/// allow-list — a permitted host cannot bounce a request to a forbidden one.
/// </summary>
public sealed partial class HttpServiceImpl(
    IHttpClientFactory clients,
    IOptionsMonitor<NetworkPolicyOptions> options,
    ILogger<HttpServiceImpl> logger) : HttpService.HttpServiceBase
{
    public const string ClientName = "Greentic.Egress";
    public const string InsecureClientName = "Greentic.Egress.Insecure";
    private const int MaxRedirects = 5;

    private static readonly HashSet<string> DroppedRequestHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "host", "connection", "keep-alive", "transfer-encoding", "te", "upgrade", "proxy-connection", "content-length",
    };

    public override async Task<SendResponse> Send(SendRequest request, ServerCallContext context)
    {
        var call = context.Authorized();
        var o = options.CurrentValue;
        var policy = o.For(call.Tenant.Tenant);
        var req = request.Request ?? throw Invalid("request is missing");
        if (!Uri.TryCreate(req.Url, UriKind.Absolute, out var url)) throw Invalid($"'{req.Url}' is not an absolute URL");
        var method = string.IsNullOrEmpty(req.Method) ? HttpMethod.Get : new HttpMethod(req.Method.ToUpperInvariant());
        var insecure = request.Options?.HasAllowInsecure == true && request.Options.AllowInsecure;
        if (insecure && !policy.AllowInsecureTls)
            throw new RpcException(new Status(StatusCode.PermissionDenied,
                $"tenant '{call.Tenant.Tenant}' may not send with allow_insecure; its network policy has AllowInsecureTls off"));
        var follow = request.Options?.HasFollowRedirects != true || request.Options.FollowRedirects;
        var timeout = request.Options?.HasTimeoutMs == true ? TimeSpan.FromMilliseconds(request.Options.TimeoutMs) : o.DefaultTimeout;

        using var cts = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken);
        cts.CancelAfter(timeout);
        var client = clients.CreateClient(insecure ? InsecureClientName : ClientName);
        try
        {
            for (var hop = 0; ; hop++)
            {
                Check(policy, url, call);
                using var message = BuildMessage(method, url, req);
                using var response = await client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cts.Token);
                if (follow && IsRedirect(response.StatusCode) && response.Headers.Location is { } location)
                {
                    if (hop >= MaxRedirects) throw new RpcException(new Status(StatusCode.FailedPrecondition, $"more than {MaxRedirects} redirects from '{req.Url}'"));
                    url = new Uri(url, location);
                    if (response.StatusCode is HttpStatusCode.SeeOther || (method == HttpMethod.Post && response.StatusCode is HttpStatusCode.Found or HttpStatusCode.MovedPermanently))
                        method = HttpMethod.Get;
                    continue;
                }
                return new SendResponse { Response = await ReadResponseAsync(response, o.MaxResponseBytes, cts.Token) };
            }
        }
        catch (OperationCanceledException) when (!context.CancellationToken.IsCancellationRequested)
        {
            throw new RpcException(new Status(StatusCode.DeadlineExceeded, $"'{url.Host}' did not answer within {timeout.TotalMilliseconds:0} ms"));
        }
        catch (HttpRequestException e)
        {
            LogUnreachable(logger, call.Tenant.Tenant, url.Host, e.HttpRequestError.ToString());
            throw new RpcException(new Status(StatusCode.Unavailable, $"could not reach '{url.Host}': {e.HttpRequestError}"));
        }
    }

    private void Check(TenantNetworkPolicy policy, Uri url, AuthorizedCall call)
    {
        var decision = EgressPolicy.Check(policy, url);
        if (!decision.Allowed)
        {
            LogDenied(logger, call.Tenant.Tenant, url.Host, url.Port, decision.Reason);
            throw new RpcException(new Status(StatusCode.PermissionDenied,
                $"egress to {url.Scheme}://{url.Host}:{url.Port} denied by tenant '{call.Tenant.Tenant}' network policy: {decision.Reason}"));
        }
    }

    private static HttpRequestMessage BuildMessage(HttpMethod method, Uri url, HttpRequest req)
    {
        var message = new HttpRequestMessage(method, url);
        if (req.HasBody && method != HttpMethod.Get && method != HttpMethod.Head)
            message.Content = new ByteArrayContent(req.Body.ToByteArray());
        foreach (var header in req.Headers)
        {
            if (DroppedRequestHeaders.Contains(header.Key)) continue;
            if (!message.Headers.TryAddWithoutValidation(header.Key, header.Value))
                message.Content?.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }
        return message;
    }

    private static async Task<HttpResponse> ReadResponseAsync(HttpResponseMessage response, int maxBytes, CancellationToken cancellationToken)
    {
        var result = new HttpResponse { Status = (uint)response.StatusCode };
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
            foreach (var value in values)
                result.Headers.Add(new KeyValue { Key = name.ToLowerInvariant(), Value = value });
        if (response.Content.Headers.ContentLength > maxBytes) throw TooLarge(maxBytes);
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes) throw TooLarge(maxBytes);
            buffer.Write(chunk, 0, read);
        }
        if (buffer.Length > 0 || response.Content.Headers.ContentLength is not null)
            result.Body = ByteString.CopyFrom(buffer.GetBuffer(), 0, (int)buffer.Length);
        return result;
    }

    private static bool IsRedirect(HttpStatusCode code) => (int)code is 301 or 302 or 303 or 307 or 308;

    private static RpcException Invalid(string message) => new(new Status(StatusCode.InvalidArgument, message));

    private static RpcException TooLarge(int maxBytes) =>
        new(new Status(StatusCode.ResourceExhausted, $"response body is larger than the {maxBytes}-byte limit"));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Egress denied for tenant {Tenant} to {Host}:{Port}: {Reason}")]
    private static partial void LogDenied(ILogger logger, string tenant, string host, int port, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Egress for tenant {Tenant} could not reach {Host}: {Error}")]
    private static partial void LogUnreachable(ILogger logger, string tenant, string host, string error);
}
