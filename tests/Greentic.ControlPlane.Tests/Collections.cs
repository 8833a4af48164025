namespace Greentic.ControlPlane.Tests;

// xunit finds collection definitions only in the test assembly itself, so the shared fixtures are declared here.

/// <summary>One <see cref="InProcessControlPlane"/> shared by the test classes that name this collection.</summary>
[CollectionDefinition(InProcessControlPlaneCollection.Name)]
public sealed class ControlPlaneCollection : ICollectionFixture<InProcessControlPlane>;

/// <summary>One <see cref="PacksControlPlane"/> shared by the distributor and pack tests.</summary>
[CollectionDefinition(Name)]
public sealed class PacksControlPlaneCollection : ICollectionFixture<PacksControlPlane>
{
    public const string Name = "packs control plane";
}

/// <summary>One <see cref="Components.WasmControlPlane"/> shared by the in-process component tests.</summary>
[CollectionDefinition(Name)]
public sealed class WasmControlPlaneCollection : ICollectionFixture<Components.WasmControlPlane>
{
    public const string Name = "wasm control plane";
}
