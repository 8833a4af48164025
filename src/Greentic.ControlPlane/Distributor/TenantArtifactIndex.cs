using System.Runtime.CompilerServices;
using Greentic.Packs.Runtime;

namespace Greentic.ControlPlane.Distributor;

/// <summary>
/// Caches a <see cref="TenantArtifacts"/> per tenant runtime. Keys are the immutable runtimes of the current
/// snapshot, held weakly: once a reload replaces a snapshot, its views go with it.
/// </summary>
internal sealed class TenantArtifactIndex(PackRuntimeManager packs)
{
    private readonly ConditionalWeakTable<TenantRuntime, TenantArtifacts> _views = new();

    /// <summary>The tenant's view of the current snapshot, or null when no packs are loaded for it.</summary>
    public TenantArtifacts? For(string tenant) =>
        packs.Current[tenant] is { } runtime ? _views.GetValue(runtime, static r => new TenantArtifacts(r)) : null;
}
