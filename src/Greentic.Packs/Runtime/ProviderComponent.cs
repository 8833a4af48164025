using Greentic.Packs.Manifest;

namespace Greentic.Packs.Runtime;

/// <summary>
/// What an in-process host needs to run a provider (<see cref="TenantRuntime.ResolveProvider"/>): the component's
/// wasm and its <c>sha256:</c> digest (a compile-cache key), the interface to call (<see cref="Export"/>, e.g.
/// <c>schema-core-api</c>, in <see cref="World"/>, e.g. <c>greentic:provider/schema-core@1.0.0</c>, from the
/// provider extension), the capabilities the component's manifest grants (link only those host imports), and the
/// secret requirements of the pack that declares the provider. Immutable; built once per reload.
/// </summary>
public sealed record ProviderComponent(
    string ProviderType,
    string ComponentId,
    string ComponentVersion,
    ReadOnlyMemory<byte> Wasm,
    string WasmDigest,
    string Export,
    string World,
    ComponentCapabilities Capabilities,
    IReadOnlyList<SecretRequirement> SecretRequirements,
    IReadOnlyList<string> Ops,
    ProviderDecl Declaration,
    LoadedPack ProviderPack,
    LoadedPack ComponentPack)
{
    internal static ProviderComponent Create(ResolvedProvider provider, ResolvedComponent component)
    {
        var d = provider.Provider;
        return new ProviderComponent(d.ProviderType, component.Id, component.Manifest.Version, component.Wasm, component.Digest,
            d.Runtime.Export, d.Runtime.World, component.Manifest.Capabilities, provider.Source.Pack.Manifest.SecretRequirements,
            d.Ops, d, provider.Source, component.Source);
    }
}
