using System.Globalization;
using System.Threading.RateLimiting;
using Greentic.Gateway.Hosting;
using Greentic.Gateway.Proxy;
using Greentic.Gateway.Tenancy;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Greentic.Gateway.Limits;

/// <summary>
/// ASP.NET Core rate limiting, partitioned by tenant. A refused gRPC call gets what gRPC clients expect
/// from a server over its quota — a Trailers-Only response with status RESOURCE_EXHAUSTED — rather than
/// HTTP 429, which gRPC's HTTP mapping turns into UNAVAILABLE; a refused webhook gets 429 with Retry-After.
/// Health and admin endpoints are never limited.
/// </summary>
internal static class TenantRateLimiting
{
    public static IServiceCollection AddTenantRateLimiting(this IServiceCollection services)
    {
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptionsMonitor<GatewayOptions>, RequestTenantResolver>((limiter, gateway, tenants) =>
        {
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context => Partition(context, gateway.CurrentValue.RateLimits, tenants));
            limiter.OnRejected = OnRejectedAsync;
        });
        return services;
    }

    private static RateLimitPartition<string> Partition(HttpContext context, RateLimitOptions options, RequestTenantResolver tenants)
    {
        if (!options.Enabled || context.GetEndpoint()?.Metadata.GetMetadata<UnlimitedEndpointMetadata>() is not null)
            return RateLimitPartition.GetNoLimiter("unlimited");
        var tenant = tenants.Resolve(context);
        var limit = tenant is null ? options.Anonymous : options.For(tenant);
        // The settings are part of the key, so a changed limit takes effect on the next request.
        var key = tenant is null
            ? $"anonymous:{context.Connection.RemoteIpAddress}|{limit.Fingerprint}"
            : string.Concat("tenant:", tenant, "|", limit.Fingerprint);
        return RateLimitPartition.GetTokenBucketLimiter(key, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = Math.Max(1, limit.TokenLimit),
            TokensPerPeriod = Math.Max(1, limit.TokensPerPeriod),
            ReplenishmentPeriod = limit.ReplenishmentPeriod > TimeSpan.Zero ? limit.ReplenishmentPeriod : TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    }

    private static async ValueTask OnRejectedAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        var tenant = context.RequestServices.GetRequiredService<RequestTenantResolver>().Resolve(context);
        var who = tenant is null ? "this client" : $"tenant '{tenant}'";
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        context.Response.Headers.RetryAfter = seconds;
        var message = $"{who} is over its request rate limit at the gateway; retry after {seconds}s";
        if (GrpcWire.IsGrpc(context.Request))
        {
            await GrpcWire.WriteStatusAsync(context.Response, GrpcWire.ResourceExhausted, message);
            return;
        }
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        await context.Response.WriteAsJsonAsync(new { error = message }, cancellationToken);
    }
}

/// <summary>Marks an endpoint (health, admin) as exempt from rate limits.</summary>
internal sealed class UnlimitedEndpointMetadata
{
    public static UnlimitedEndpointMetadata Instance { get; } = new();
}
