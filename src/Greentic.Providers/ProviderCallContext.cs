using Greentic.Types.V1;

namespace Greentic.Providers;

/// <summary>One provider call: its tenant context, the host imports bound to that context, and its cancellation.</summary>
public sealed record ProviderCallContext(TenantCtx Tenant, IProviderHost Host, CancellationToken CancellationToken);
