namespace Greentic.ControlPlane.Distributor;

/// <summary>
/// NOT_FOUND messages that say what the caller's tenant does have, so the fix is obvious. They only ever describe
/// the caller's own tenant: another tenant's packs read as absent.
/// </summary>
internal static class DistributorMessages
{
    private const int MaxEcho = 120;

    public static string NoPacks(string tenant) =>
        $"no packs are loaded for tenant '{tenant}'; add the tenant to the pack index and reload (POST /admin/packs/reload)";

    public static string MissingPack(TenantArtifacts view, string tenant, string packId) =>
        $"pack '{Clip(packId)}' is not loaded for tenant '{tenant}'; its packs are: {view.PackList()}";

    public static string MissingRef(TenantArtifacts view, string tenant, string reference) =>
        $"ref '{Clip(reference)}' matches no pack loaded for tenant '{tenant}' (use pack_id, pack_id@version or sha256:<hex>); its packs are: {view.PackList()}";

    public static string MissingDigest(string tenant, string digest) =>
        $"no pack or component with digest {digest} is loaded for tenant '{tenant}'; resolve a ref or component first to get a current digest";

    public static string MissingComponent(TenantArtifacts? view, string tenant, string packId, string componentId, string version)
    {
        if (view is null) return NoPacks(tenant);
        if (!view.Runtime.Components.TryGetValue(componentId, out var c))
            return $"component '{Clip(componentId)}' is not in the packs of tenant '{tenant}'; its components are: " +
                   string.Join(", ", view.Runtime.Components.Keys.Order(StringComparer.Ordinal));
        if (packId.Length > 0 && c.Source.PackId != packId)
            return $"component '{componentId}' of tenant '{tenant}' comes from pack '{c.Source.PackId}' (overlays apply in order), not '{Clip(packId)}'";
        return $"component '{componentId}' of tenant '{tenant}' is version {c.Manifest.Version}, not {Clip(version)}";
    }

    /// <summary>Echoes caller input only up to a length, so a hostile request cannot bloat the status message.</summary>
    public static string Clip(string value) => value.Length <= MaxEcho ? value : value[..MaxEcho] + "…";
}
