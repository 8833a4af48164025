namespace Greentic.Wasm.Component;

/// <summary>A core instance used through the canonical ABI: its memory and cabi_realloc, typed exports, and the
/// host data its component imports see. Host imports defined with
/// <see cref="ComponentLinkerExtensions.DefineComponentFunction"/> find their caller through
/// <see cref="Current"/>, which is set while a <see cref="ComponentFunction"/> runs on this thread.</summary>
public sealed class ComponentInstance
{
    [ThreadStatic] private static Stack<ComponentInstance>? active;

    private ComponentInstance(Instance core, object? data)
    {
        Core = core;
        Data = data;
        Canonical = new CanonicalContext(core.GetMemory(ComponentNames.Memory), core.GetFunction(ComponentNames.Realloc));
    }

    /// <summary>The default of <see cref="MaxLiftedElements"/>.</summary>
    public const int DefaultMaxLiftedElements = 1 << 20;

    public Instance Core { get; }

    /// <summary>At most this many list elements (other than bytes) are lifted from the guest per argument set or
    /// result; beyond it the call traps with <see cref="TrapCode.ResourceLimit"/>.</summary>
    public int MaxLiftedElements
    {
        get => Canonical.MaxLiftedElements;
        set => Canonical.MaxLiftedElements = value > 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), "must be positive");
    }

    /// <summary>True once an export trapped: the component model forbids entering the instance again.</summary>
    public bool Poisoned { get; internal set; }

    /// <summary>True while one of the instance's exports runs (the component model forbids re-entering it).</summary>
    internal bool InExport { get; set; }
    /// <summary>Whatever the host attached (for example the tenant context the imports must use).</summary>
    public object? Data { get; }
    internal CanonicalContext Canonical { get; }

    /// <summary>The instance whose export is running on this thread (innermost), or null.</summary>
    public static ComponentInstance? Current => active is { Count: > 0 } s ? s.Peek() : null;

    public static ComponentInstance Instantiate(Linker linker, Store store, Module module, object? data = null) =>
        new(linker.Instantiate(store, module), data);

    /// <summary>Wraps an already instantiated core instance.</summary>
    public static ComponentInstance FromCore(Instance core, object? data = null) => new(core, data);

    /// <summary>The export <paramref name="exportName"/> (e.g. <c>greentic:provider-schema-core/schema-core-api@1.0.0#invoke</c>)
    /// checked against the core signature <paramref name="type"/> flattens to.</summary>
    public ComponentFunction GetFunction(string exportName, ComponentFuncType type)
    {
        var core = Core.GetFunction(exportName) ?? throw new WasmLinkException($"the module has no function export '{exportName}'");
        var expected = CanonicalFlattening.CoreSignature(type, forImport: false);
        if (!core.Type.Equals(expected))
            throw new WasmLinkException($"export '{exportName}' has core type {core.Type}, but {type} lifts from {expected}");
        var post = Core.GetFunction(ComponentNames.PostReturn(exportName));
        if (post is not null && !post.Type.Equals(new FuncType(expected.Results, [])))
            throw new WasmLinkException($"'{ComponentNames.PostReturn(exportName)}' has core type {post.Type}, expected {new FuncType(expected.Results, [])}");
        return new ComponentFunction(this, exportName, type, core, post);
    }

    public ComponentFunction GetFunction(string interfaceName, string function, ComponentFuncType type) =>
        GetFunction(ComponentNames.Export(interfaceName, function), type);

    /// <summary>The export <paramref name="function"/> of a parsed WIT interface, with the signature the WIT gives it.</summary>
    public ComponentFunction GetFunction(WitInterface wit, string function) =>
        GetFunction(wit.QualifiedName, function, wit.Function(function));

    internal static void Enter(ComponentInstance instance) => (active ??= new Stack<ComponentInstance>()).Push(instance);

    internal static void Leave() => active!.Pop();
}
