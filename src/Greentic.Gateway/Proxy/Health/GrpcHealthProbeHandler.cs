using System.Net;
using Grpc.Health.V1;

namespace Greentic.Gateway.Proxy.Health;

/// <summary>
/// Sits in each cluster's forwarding client and turns a marked probe's gRPC answer into a verdict YARP's
/// synchronous health policy can read without blocking: the whole response (message and trailers) is read
/// here, asynchronously and under the probe's timeout, and replaced by an empty response whose status is
/// 200 when the destination reported SERVING and 503 otherwise, the reason in <see cref="HttpResponseMessage.ReasonPhrase"/>.
/// <list type="bullet">
/// <item>The status of a gRPC call is in the trailers, or in the headers when the server sent nothing else
/// (Trailers-Only: a server without the health service answers UNIMPLEMENTED that way).</item>
/// <item>Unmarked requests (all proxied traffic) pass through untouched.</item>
/// </list>
/// </summary>
internal sealed class GrpcHealthProbeHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        // Proxied calls (all but probes) go straight through: no async frame of ours per call.
        request.Options.TryGetValue(GrpcHealthProbe.Marker, out var isProbe) && isProbe
            ? ProbeAsync(request, cancellationToken)
            : base.SendAsync(request, cancellationToken);

    private async Task<HttpResponseMessage> ProbeAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var reason = await JudgeAsync(response, cancellationToken).ConfigureAwait(false);
        return new HttpResponseMessage(reason is null ? HttpStatusCode.OK : HttpStatusCode.ServiceUnavailable)
        {
            RequestMessage = request,
            ReasonPhrase = reason ?? "SERVING",
            Version = response.Version,
        };
    }

    /// <returns>Null when the destination is SERVING, else why not.</returns>
    private static async Task<string?> JudgeAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.StatusCode != HttpStatusCode.OK) return $"HTTP {(int)response.StatusCode} instead of a gRPC response";
        var contentType = response.Content.Headers.ContentType?.MediaType;
        if (contentType is null || !contentType.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase))
            return $"not a gRPC response (content-type '{contentType}')";
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        var status = Header(response.TrailingHeaders, "grpc-status") ?? Header(response.Headers, "grpc-status");
        if (status is null) return "the response carries no grpc-status";
        if (status != "0")
        {
            var message = Header(response.TrailingHeaders, "grpc-message") ?? Header(response.Headers, "grpc-message");
            return $"grpc-status {status}{(string.IsNullOrEmpty(message) ? "" : $" ({Uri.UnescapeDataString(message)})")}";
        }
        var health = GrpcHealthProbe.Parse(body, out var error);
        if (health is null) return error;
        return health.Status == HealthCheckResponse.Types.ServingStatus.Serving ? null : $"the server reports {health.Status}";
    }

    private static string? Header(System.Net.Http.Headers.HttpHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}
