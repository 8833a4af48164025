namespace Greentic.ComponentHost;

/// <summary>
/// Outbound HTTP for one call (<c>greentic:http/http-client</c> <c>send</c>). <see cref="HttpClientEgress"/> is the
/// real implementation; its allow decision comes from an <see cref="IEgressPolicy"/>. Throw
/// <see cref="HostCallException"/> for a refusal or failure the guest should see as <c>host-error</c>.
/// </summary>
public interface IHttpEgress
{
    ValueTask<HttpEgressResponse> SendAsync(HttpEgressRequest request, CancellationToken cancellationToken);
}

/// <summary>A guest's request, as the WIT <c>request</c> and <c>request-options</c> records carry it.</summary>
public sealed record HttpEgressRequest(
    string Method,
    string Url,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    ReadOnlyMemory<byte>? Body)
{
    /// <summary>The guest's <c>timeout-ms</c>; the host bounds it by the call's deadline anyway.</summary>
    public TimeSpan? Timeout { get; init; }
    /// <summary>The guest's <c>follow-redirects</c> (null: the egress default).</summary>
    public bool? FollowRedirects { get; init; }
}

public sealed record HttpEgressResponse(
    int Status,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    ReadOnlyMemory<byte>? Body);

/// <summary>No egress at all: every request is refused.</summary>
public sealed class DeniedEgress : IHttpEgress
{
    public static readonly DeniedEgress Instance = new();

    public ValueTask<HttpEgressResponse> SendAsync(HttpEgressRequest request, CancellationToken cancellationToken) =>
        throw new HostCallException(HostErrorCodes.Denied, "egress is not allowed for this call");
}
