namespace Greentic.Wasm.Component;

/// <summary>The core-module naming conventions of wit-bindgen-style guests (what wit-component expects).</summary>
public static class ComponentNames
{
    /// <summary>The guest's allocator: <c>(old_ptr, old_size, align, new_size) -> ptr</c>.</summary>
    public const string Realloc = "cabi_realloc";
    public const string Memory = "memory";

    /// <summary>The core export of an interface function: <c>greentic:state/state-store@1.0.0#read</c>.</summary>
    public static string Export(string interfaceName, string function) => $"{interfaceName}#{function}";

    /// <summary>The optional function the host calls once it has read an export's results (to free them).</summary>
    public static string PostReturn(string exportName) => "cabi_post_" + exportName;

    // Imports need no helper: the core import module is the interface name ("greentic:state/state-store@1.0.0")
    // and the import name is the function name ("read").
}
