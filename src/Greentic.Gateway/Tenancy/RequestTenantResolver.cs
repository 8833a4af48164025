using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Text.Json;
using Greentic.Gateway.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Greentic.Gateway.Tenancy;

/// <summary>
/// Names the tenant a request counts against, for rate limits only (never for authorization: the
/// control plane verifies tokens and tenants). In order:
/// <list type="number">
/// <item>a webhook route's <c>{tenant}</c> path segment (and <c>DefaultTenant</c> for <c>/webhook/{flow_id}</c>);</item>
/// <item>the <c>x-greentic-tenant</c> header;</item>
/// <item>the bearer token's <c>tenant</c> claim, or the first of its <c>tenants</c> (decoded, not verified);</item>
/// <item>otherwise null: the caller is anonymous.</item>
/// </list>
/// </summary>
internal sealed class RequestTenantResolver(IOptionsMonitor<GatewayOptions> options)
{
    public const string TenantHeader = "x-greentic-tenant";
    private const int MaxTokenLength = 16 * 1024;

    /// <summary>Tokens remembered with their tenant (a caller sends the same token for many calls), and the longest one kept.</summary>
    internal const int MaxCachedTokens = 1024;
    private const int MaxCachedTokenLength = 4 * 1024;

    // Authorization header → tenant: decoding is a pure function of the header, so a remembered answer is the same answer.
    private readonly ConcurrentDictionary<string, string?> _bearerTenants = new(StringComparer.Ordinal);

    public string? Resolve(HttpContext context)
    {
        if (context.Request.RouteValues.TryGetValue("tenant", out var routeTenant) && routeTenant is string fromPath)
            return TenantName.IsValid(fromPath) ? fromPath : null;
        if (context.GetEndpoint()?.Metadata.GetMetadata<Webhooks.WebhookEndpointMetadata>() is not null)
            return options.CurrentValue.DefaultTenant;
        var header = context.Request.Headers[TenantHeader].ToString();
        if (header.Length > 0) return TenantName.IsValid(header) ? header : null;
        return CachedTenantFromBearer(context.Request.Headers.Authorization.ToString());
    }

    /// <summary><see cref="TenantFromBearer"/>, remembered per token (at most <see cref="MaxCachedTokens"/>; when full it starts over).</summary>
    internal string? CachedTenantFromBearer(string authorization)
    {
        if (authorization.Length == 0 || authorization.Length > MaxCachedTokenLength) return TenantFromBearer(authorization);
        if (_bearerTenants.TryGetValue(authorization, out var tenant)) return tenant;
        tenant = TenantFromBearer(authorization);
        if (_bearerTenants.Count >= MaxCachedTokens) _bearerTenants.Clear();
        _bearerTenants.TryAdd(authorization, tenant);
        return tenant;
    }

    internal int CachedTokens => _bearerTenants.Count;

    internal static string? TenantFromBearer(string? authorization)
    {
        if (string.IsNullOrEmpty(authorization) || authorization.Length > MaxTokenLength
            || !authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return null;
        var parts = authorization[7..].Trim().Split('.');
        if (parts.Length != 3) return null;
        var payload = new byte[Base64Url.GetMaxDecodedLength(parts[1].Length)];
        if (Base64Url.DecodeFromChars(parts[1], payload, out _, out var written) != System.Buffers.OperationStatus.Done) return null;
        try
        {
            using var json = JsonDocument.Parse(payload.AsMemory(0, written));
            if (json.RootElement.ValueKind != JsonValueKind.Object) return null;
            if (json.RootElement.TryGetProperty("tenant", out var tenant) && tenant.ValueKind == JsonValueKind.String)
                return TenantName.IsValid(tenant.GetString()) ? tenant.GetString() : null;
            if (json.RootElement.TryGetProperty("tenants", out var tenants))
            {
                var first = tenants.ValueKind switch
                {
                    JsonValueKind.String => tenants.GetString(),
                    JsonValueKind.Array when tenants.GetArrayLength() > 0 && tenants[0].ValueKind == JsonValueKind.String => tenants[0].GetString(),
                    _ => null,
                };
                return TenantName.IsValid(first) ? first : null;
            }
        }
        catch (JsonException)
        {
        }
        return null;
    }
}
