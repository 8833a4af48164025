namespace Greentic.Wasm.Component;

/// <summary>A host implementation of a component import. <paramref name="caller"/> is the instance whose guest code
/// made the call (its <see cref="ComponentInstance.Data"/> carries host state such as a tenant context). Return
/// null exactly when the signature has no result.</summary>
public delegate ComponentValue? ComponentHostFunction(ComponentInstance caller, IReadOnlyList<ComponentValue> args);

public static class ComponentLinkerExtensions
{
    /// <summary>Defines the core import <c>(module, name)</c> as the lowered form ("canon lower") of a typed host
    /// function: e.g. module <c>greentic:secrets-store/secrets-store@1.1.0</c>, name <c>get</c>. The guest's arguments
    /// are lifted (trapping on bad pointers, UTF-8 or discriminants), the handler runs, and its result is lowered
    /// flat or into the guest's return area, with cabi_realloc for strings and lists.</summary>
    public static void DefineComponentFunction(this Linker linker, string module, string name, ComponentFuncType type, ComponentHostFunction handler)
    {
        ArgumentNullException.ThrowIfNull(linker);
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(handler);
        var coreType = CanonicalFlattening.CoreSignature(type, forImport: true);
        bool paramsInMemory = CanonicalFlattening.Flatten(type.Parameters.Select(p => p.Type)).Count > CanonicalFlattening.MaxFlatParams;
        bool resultInMemory = type.Result is not null && CanonicalFlattening.Flatten(type.Result).Count > CanonicalFlattening.MaxFlatResults;
        string qualified = $"{module}#{name}";

        linker.DefineFunction(module, name, coreType, (args, results) =>
        {
            var caller = ComponentInstance.Current
                ?? throw new TrapException(TrapCode.HostError, $"component import {qualified} was called outside a component call (use ComponentFunction.Invoke)");
            var cx = caller.Canonical;
            var values = LiftArguments(cx, type, args, paramsInMemory);
            var result = handler(caller, values);
            if ((result is null) != (type.Result is null))
                throw new TrapException(TrapCode.HostError, $"host function {qualified} returned {(result is null ? "nothing" : "a value")}, its signature is {type}");
            if (type.Result is not { } rt) return;
            try
            {
                if (resultInMemory)
                {
                    long retptr = (uint)args[^1].AsI32();
                    CanonicalContext.CheckAligned(retptr, CanonicalLayout.Alignment(rt));
                    cx.CheckRange(retptr, CanonicalLayout.Size(rt));
                    CanonicalLower.Store(cx, result!, rt, retptr);
                }
                else
                {
                    var flat = new List<Value>(1);
                    CanonicalLower.LowerFlat(cx, result!, rt, flat);
                    results[0] = flat[0];
                }
            }
            catch (ArgumentException e)
            {
                throw new TrapException(TrapCode.HostError, $"host function {qualified} returned a value that does not match {rt}: {e.Message}", e);
            }
        });
    }

    /// <summary>Defines <paramref name="function"/> of a parsed WIT interface: module = the interface's qualified name,
    /// signature = the one the WIT declares.</summary>
    public static void DefineComponentFunction(this Linker linker, WitInterface wit, string function, ComponentHostFunction handler)
    {
        ArgumentNullException.ThrowIfNull(wit);
        linker.DefineComponentFunction(wit.QualifiedName, function, wit.Function(function), handler);
    }

    private static ComponentValue[] LiftArguments(CanonicalContext cx, ComponentFuncType type, ReadOnlySpan<Value> args, bool paramsInMemory)
    {
        cx.BeginLift();
        if (paramsInMemory)
        {
            var tuple = type.ParamTuple;
            long ptr = (uint)args[0].AsI32();
            CanonicalContext.CheckAligned(ptr, CanonicalLayout.Alignment(tuple));
            cx.CheckRange(ptr, CanonicalLayout.Size(tuple));
            return [.. CanonicalLift.Load(cx, ptr, tuple).Items];
        }
        var reader = new FlatReader(args.ToArray());
        var values = new ComponentValue[type.Parameters.Count];
        for (int i = 0; i < values.Length; i++) values[i] = CanonicalLift.LiftFlat(cx, reader, type.Parameters[i].Type);
        return values;
    }
}
