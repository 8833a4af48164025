namespace Greentic.Gateway.Dispatch;

/// <summary>
/// The seam between the gateway and the control plane's providers for ingress: whether a tenant's binding
/// for a provider has an <c>ingest_http</c> op, and calling it (upstream's operator path).
/// </summary>
public interface IProviderIngress
{
    /// <summary>True when the binding's Describe lists <c>ingest_http</c>; false when it does not or there is no binding.</summary>
    /// <exception cref="ProviderIngressException">The control plane could not be asked.</exception>
    ValueTask<bool> SupportsIngestHttpAsync(IngressTarget target, CancellationToken cancellationToken);

    /// <summary><c>ProviderService.Invoke(op = "ingest_http", HttpInV1)</c> → <see cref="HttpOutV1"/>.</summary>
    /// <exception cref="ProviderIngressException">Failure, timeout, or an output that is not an HttpOutV1.</exception>
    ValueTask<HttpOutV1> IngestHttpAsync(IngressTarget target, HttpInV1 input, CancellationToken cancellationToken);
}

/// <summary>Who the ingress call is for: the tenant context the control plane authorizes and routes on.</summary>
/// <param name="IdempotencyKey">The dedupe key of the delivery; the same on a platform retry.</param>
public sealed record IngressTarget(string Env, string Tenant, string? Team, string ProviderType, string CorrelationId, string? SessionKey, string? IdempotencyKey);

public enum ProviderIngressFailure
{
    /// <summary>The control plane or provider is unreachable or failed: 502 to the platform.</summary>
    Unavailable,
    /// <summary>The call ran out of time: 504.</summary>
    Timeout,
    /// <summary>The provider answered something that is not a usable HttpOutV1: 502.</summary>
    BadResponse,
    /// <summary>The control plane refused the gateway (credentials, grants): 502, and an operator must act.</summary>
    Refused,
}

public sealed class ProviderIngressException(ProviderIngressFailure failure, string message, Exception? inner = null) : Exception(message, inner)
{
    public ProviderIngressFailure Failure { get; } = failure;
}
