namespace Greentic.ComponentHost;

/// <summary>
/// The tenant a component call runs for. Every host import the call reaches is scoped to it; a tenant context
/// the guest passes to an import (<c>ctx: option&lt;tenant-ctx&gt;</c>) is ignored, so a guest can never widen it.
/// </summary>
public sealed record TenantScope(string Env, string Tenant, string? Team = null, string? User = null)
{
    public string? CorrelationId { get; init; }
    public string? TraceId { get; init; }
    public string? SessionId { get; init; }
    public string? FlowId { get; init; }
    public string? NodeId { get; init; }
    public string? ProviderId { get; init; }

    public override string ToString() => Team is null ? $"{Env}/{Tenant}" : $"{Env}/{Tenant}/{Team}";
}
