using Greentic.Wasm.Runtime;

namespace Greentic.Wasm;

/// <summary>Resolves imports by (module, name) and instantiates modules.</summary>
public sealed class Linker
{
    private readonly Dictionary<(string Module, string Name), Extern> definitions = new();

    public Linker(Engine engine) => Engine = engine;

    public Engine Engine { get; }

    /// <summary>Allow a later definition to replace an earlier one with the same name.</summary>
    public bool AllowShadowing { get; set; }

    public void Define(string module, string name, Extern item)
    {
        if (!AllowShadowing && definitions.ContainsKey((module, name)))
            throw new InvalidOperationException($"{module}.{name} is already defined");
        definitions[(module, name)] = item;
    }

    public void DefineFunction(string module, string name, FuncType type, HostFunctionCallback callback) =>
        Define(module, name, Function.FromCallback(type, callback));

    public void DefineFunction(string module, string name, Delegate callback) =>
        Define(module, name, Function.FromDelegate(callback));

    /// <summary>Makes every export of <paramref name="instance"/> importable as <c>moduleName.export</c>.</summary>
    public void DefineInstance(string moduleName, Instance instance)
    {
        foreach (var (name, item) in instance.Exports) Define(moduleName, name, item);
    }

    public Extern? Get(string module, string name) => definitions.GetValueOrDefault((module, name));

    /// <summary>Resolves the module's imports and instantiates it. Throws <see cref="WasmLinkException"/> when an
    /// import is missing or incompatible, and <see cref="TrapException"/> when initialization or the start
    /// function traps.</summary>
    public Instance Instantiate(Store store, Module module)
    {
        var imports = new Extern[module.Imports.Count];
        for (int i = 0; i < imports.Length; i++)
        {
            var imp = module.Imports[i];
            imports[i] = Get(imp.Module, imp.Name) ?? throw new WasmLinkException($"unknown import: {imp.Module}.{imp.Name}");
        }
        return Instantiator.Instantiate(store, module, imports);
    }
}
