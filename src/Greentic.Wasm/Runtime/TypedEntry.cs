using System.Collections.Concurrent;
using System.Reflection;
using System.Reflection.Emit;

namespace Greentic.Wasm.Runtime;

/// <summary>Typed host-to-guest delegates (<c>Func&lt;int, int, int&gt;</c> ...) that call compiled code directly,
/// without <see cref="Value"/> arrays. One dynamic method per delegate type, closed over the target function.</summary>
internal static class TypedEntry
{
    private static readonly ConcurrentDictionary<Type, DynamicMethod> Methods = new();

    public struct Scope
    {
        public ExecState State;
        public int SavedDepth;
        public nuint SavedLimit;
    }

    public static Scope Enter(Function f)
    {
        var st = ((InstanceContext)f.Context).State;
        var scope = new Scope { State = st, SavedDepth = st.Depth, SavedLimit = st.StackLimit };
        if (st.Depth == 0) st.StackLimit = StackGuard.ComputeLimit(st.MaxStackBytes);
        return scope;
    }

    public static void Exit(ref Scope scope)
    {
        scope.State.Depth = scope.SavedDepth;
        scope.State.StackLimit = scope.SavedLimit;
    }

    /// <summary>A delegate calling <paramref name="f"/>, a compiled WebAssembly function whose signature was already
    /// checked against the delegate's parameter and return types (at most one result).</summary>
    public static TDelegate Create<TDelegate>(Function f) where TDelegate : Delegate
    {
        var dm = Methods.GetOrAdd(typeof(TDelegate), t => Build(t, f.Type));
        return (TDelegate)dm.CreateDelegate(typeof(TDelegate), f);
    }

    private static DynamicMethod Build(Type delegateType, FuncType type)
    {
        var invoke = delegateType.GetMethod("Invoke")!;
        var ps = invoke.GetParameters().Select(p => p.ParameterType).ToArray();
        var dm = new DynamicMethod($"wasm_typed_{delegateType.Name}", invoke.ReturnType, [typeof(Function), .. ps],
            typeof(TypedEntry).Module, skipVisibility: true);
        var il = dm.GetILGenerator();
        var scope = il.DeclareLocal(typeof(Scope));
        var result = invoke.ReturnType == typeof(void) ? null : il.DeclareLocal(invoke.ReturnType);
        var flags = BindingFlags.Public | BindingFlags.Static;
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Call, typeof(TypedEntry).GetMethod(nameof(Enter), flags)!);
        il.Emit(OpCodes.Stloc, scope);
        var end = il.BeginExceptionBlock();
        for (int i = 0; i < ps.Length; i++) il.Emit(OpCodes.Ldarg, i + 1);
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Ldfld, typeof(Function).GetField(nameof(Function.Context), BindingFlags.NonPublic | BindingFlags.Instance)!);
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Ldfld, typeof(Function).GetField(nameof(Function.Code), BindingFlags.NonPublic | BindingFlags.Instance)!);
        il.EmitCalli(OpCodes.Calli, CallingConventions.Standard, CallSignature.ReturnType(type), CallSignature.ParameterTypes(type), null);
        if (result is not null) il.Emit(OpCodes.Stloc, result);
        il.BeginFinallyBlock();
        il.Emit(OpCodes.Ldloca, scope);
        il.Emit(OpCodes.Call, typeof(TypedEntry).GetMethod(nameof(Exit), flags)!);
        il.EndExceptionBlock();
        if (result is not null) il.Emit(OpCodes.Ldloc, result);
        il.Emit(OpCodes.Ret);
        return dm;
    }
}
