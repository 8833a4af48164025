using Greentic.Wasm.Binary;
using Greentic.Wasm.Compilation;
using Greentic.Wasm.Validation;

namespace Greentic.Wasm;

public sealed record ImportType(string Module, string Name, ExternKind Kind, object Type);

public sealed record ExportType(string Name, ExternKind Kind, object Type);

/// <summary>A decoded, validated and compiled module. Immutable; instantiate it any number of times.</summary>
public sealed class Module
{
    private Module(Engine engine, string name, ModuleInfo info, CompiledModule compiled)
    {
        Engine = engine;
        Name = name;
        Info = info;
        Compiled = compiled;
        Imports = info.Imports.Select(i => new ImportType(i.Module, i.Name, i.Kind, i.Kind switch
        {
            ExternKind.Function => info.Types[(int)i.TypeIndex],
            ExternKind.Table => i.Table!,
            ExternKind.Memory => i.Memory!,
            _ => (object)i.Global!,
        })).ToArray();
        Exports = info.Exports.Select(e => new ExportType(e.Name, e.Kind, e.Kind switch
        {
            ExternKind.Function => info.FuncTypeOf((int)e.Index),
            ExternKind.Table => info.Tables[(int)e.Index],
            ExternKind.Memory => info.Memories[(int)e.Index],
            _ => (object)info.Globals[(int)e.Index],
        })).ToArray();
    }

    public Engine Engine { get; }
    public string Name { get; }
    public IReadOnlyList<ImportType> Imports { get; }
    public IReadOnlyList<ExportType> Exports { get; }
    internal ModuleInfo Info { get; }
    internal CompiledModule Compiled { get; }

    /// <summary>Decodes, validates and compiles. Throws <see cref="WasmMalformedException"/> or
    /// <see cref="WasmValidationException"/>, each naming the byte offset and the rule broken.</summary>
    public static Module FromBytes(Engine engine, string name, ReadOnlySpan<byte> bytes)
    {
        var info = ModuleDecoder.Decode(bytes);
        var heights = ModuleValidator.Validate(info);
        var compiled = ModuleCompiler.Compile(info, heights, engine.Config, name);
        return new Module(engine, name, info, compiled);
    }

    public static Module FromFile(Engine engine, string path) =>
        FromBytes(engine, Path.GetFileNameWithoutExtension(path), File.ReadAllBytes(path));

    /// <summary>Decodes and validates without compiling.</summary>
    public static void Validate(ReadOnlySpan<byte> bytes) => ModuleValidator.Validate(ModuleDecoder.Decode(bytes));
}
