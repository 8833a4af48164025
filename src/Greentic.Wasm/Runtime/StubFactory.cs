using System.Collections.Concurrent;
using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.CompilerServices;
using Greentic.Wasm.Runtime.Intrinsics;

namespace Greentic.Wasm.Runtime;

/// <summary>Generates, once per signature, the glue between <see cref="Value"/> arrays and the compiled calling
/// convention: entry trampolines (host calls guest) and host stubs (guest calls host).</summary>
internal static class StubFactory
{
    public delegate void EntryInvoker(nint code, object context, Value[] args, Value[] results);

    private static readonly ConcurrentDictionary<int, EntryInvoker> Entries = new();
    private static readonly ConcurrentDictionary<int, (nint, MethodInfo)> HostStubs = new();
    private static readonly object StubLock = new();
    private static ModuleBuilder? stubModule;
    private static int stubCounter;

    public static AssemblyBuilder NewAssembly(string name)
    {
        var ab = AssemblyBuilder.DefineDynamicAssembly(new AssemblyName(name), AssemblyBuilderAccess.RunAndCollect);
        var ctor = typeof(IgnoresAccessChecksToAttribute).GetConstructor([typeof(string)])!;
        ab.SetCustomAttribute(new CustomAttributeBuilder(ctor, [typeof(StubFactory).Assembly.GetName().Name!]));
        return ab;
    }

    private static MethodInfo Helper(Type t, string name) =>
        t.GetMethod(name, BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic)
        ?? throw new MissingMethodException(t.Name, name);

    public static EntryInvoker Entry(FuncType type) => Entries.GetOrAdd(type.Id, _ => BuildEntry(type));

    private static EntryInvoker BuildEntry(FuncType type)
    {
        var dm = new DynamicMethod($"wasm_entry_{type.Id}", typeof(void),
            [typeof(nint), typeof(object), typeof(Value[]), typeof(Value[])], typeof(StubFactory).Module, skipVisibility: true);
        var il = dm.GetILGenerator();
        for (int i = 0; i < type.Params.Length; i++)
        {
            il.Emit(OpCodes.Ldarg_2);
            il.Emit(OpCodes.Ldc_I4, i);
            il.Emit(OpCodes.Call, Helper(typeof(ValueSupport), ValueSupport.GetterName(type.Params[i])));
        }
        var outs = new LocalBuilder[type.Results.Length];
        for (int k = 1; k < type.Results.Length; k++)
        {
            outs[k] = il.DeclareLocal(type.Results[k].ClrType());
            il.Emit(OpCodes.Ldloca, outs[k]);
        }
        il.Emit(OpCodes.Ldarg_1);
        il.Emit(OpCodes.Ldarg_0);
        il.EmitCalli(OpCodes.Calli, CallingConventions.Standard, CallSignature.ReturnType(type), CallSignature.ParameterTypes(type), null);
        if (type.Results.Length > 0)
        {
            outs[0] = il.DeclareLocal(type.Results[0].ClrType());
            il.Emit(OpCodes.Stloc, outs[0]);
        }
        for (int k = 0; k < type.Results.Length; k++)
        {
            il.Emit(OpCodes.Ldarg_3);
            il.Emit(OpCodes.Ldc_I4, k);
            il.Emit(OpCodes.Ldloc, outs[k]);
            il.Emit(OpCodes.Call, Helper(typeof(ValueSupport), ValueSupport.SetterName(type.Results[k])));
        }
        il.Emit(OpCodes.Ret);
        return dm.CreateDelegate<EntryInvoker>();
    }

    /// <summary>A method with the compiled calling convention that forwards to <see cref="HostFunction.Dispatch"/>.</summary>
    public static (nint Pointer, MethodInfo Method) HostStub(FuncType type) => HostStubs.GetOrAdd(type.Id, _ => BuildHostStub(type));

    private static (nint, MethodInfo) BuildHostStub(FuncType type)
    {
        lock (StubLock)
        {
            stubModule ??= NewAssembly("Greentic.Wasm.HostStubs").DefineDynamicModule("stubs");
            var tb = stubModule.DefineType($"HostStub{Interlocked.Increment(ref stubCounter)}",
                TypeAttributes.Public | TypeAttributes.Abstract | TypeAttributes.Sealed);
            var ps = CallSignature.ParameterTypes(type);
            var mb = tb.DefineMethod("Invoke", MethodAttributes.Public | MethodAttributes.Static, CallSignature.ReturnType(type), ps);
            var il = mb.GetILGenerator();
            var args = il.DeclareLocal(typeof(Value[]));
            var res = il.DeclareLocal(typeof(Value[]));
            il.Emit(OpCodes.Ldc_I4, type.Params.Length);
            il.Emit(OpCodes.Call, Helper(typeof(HostFunction), nameof(HostFunction.RentArgs)));
            il.Emit(OpCodes.Stloc, args);
            for (int i = 0; i < type.Params.Length; i++)
            {
                il.Emit(OpCodes.Ldloc, args);
                il.Emit(OpCodes.Ldc_I4, i);
                il.Emit(OpCodes.Ldarg, i);
                il.Emit(OpCodes.Call, Helper(typeof(ValueSupport), ValueSupport.SetterName(type.Params[i])));
            }
            il.Emit(OpCodes.Ldloc, args);
            il.Emit(OpCodes.Ldarg, ps.Length - 1);
            il.Emit(OpCodes.Call, Helper(typeof(HostFunction), nameof(HostFunction.Dispatch)));
            il.Emit(OpCodes.Stloc, res);
            for (int k = 1; k < type.Results.Length; k++)
            {
                il.Emit(OpCodes.Ldarg, type.Params.Length + k - 1);
                il.Emit(OpCodes.Ldloc, res);
                il.Emit(OpCodes.Ldc_I4, k);
                il.Emit(OpCodes.Call, Helper(typeof(ValueSupport), ValueSupport.GetterName(type.Results[k])));
                EmitStoreIndirect(il, type.Results[k]);
            }
            if (type.Results.Length > 0)
            {
                il.Emit(OpCodes.Ldloc, res);
                il.Emit(OpCodes.Ldc_I4_0);
                il.Emit(OpCodes.Call, Helper(typeof(ValueSupport), ValueSupport.GetterName(type.Results[0])));
            }
            il.Emit(OpCodes.Ret);
            var t = tb.CreateType();
            var m = t.GetMethod("Invoke")!;
            return (m.MethodHandle.GetFunctionPointer(), m);
        }
    }

    private static readonly ConcurrentDictionary<(int, Type), (nint, MethodInfo)> TypedHostStubs = new();

    /// <summary>A method with the compiled calling convention that calls a host delegate of type
    /// <paramref name="delegateType"/> (numeric parameters, at most one numeric result) directly; exceptions become
    /// traps as in <see cref="HostFunction.Call"/>.</summary>
    public static (nint Pointer, MethodInfo Method) TypedHostStub(FuncType type, Type delegateType) =>
        TypedHostStubs.GetOrAdd((type.Id, delegateType), _ => BuildTypedHostStub(type, delegateType));

    private static (nint, MethodInfo) BuildTypedHostStub(FuncType type, Type delegateType)
    {
        lock (StubLock)
        {
            stubModule ??= NewAssembly("Greentic.Wasm.HostStubs").DefineDynamicModule("stubs");
            var tb = stubModule.DefineType($"TypedHostStub{Interlocked.Increment(ref stubCounter)}",
                TypeAttributes.Public | TypeAttributes.Abstract | TypeAttributes.Sealed);
            var ps = CallSignature.ParameterTypes(type);
            var ret = CallSignature.ReturnType(type);
            var mb = tb.DefineMethod("Invoke", MethodAttributes.Public | MethodAttributes.Static, ret, ps);
            var il = mb.GetILGenerator();
            var result = ret == typeof(void) ? null : il.DeclareLocal(ret);
            var asDelegate = typeof(Unsafe).GetMethods()
                .Single(m => m.Name == nameof(Unsafe.As) && m.IsGenericMethodDefinition && m.GetGenericArguments().Length == 1)
                .MakeGenericMethod(delegateType);
            il.BeginExceptionBlock();
            il.Emit(OpCodes.Ldarg, ps.Length - 1);
            il.Emit(OpCodes.Call, Helper(typeof(HostFunction), nameof(HostFunction.TypedOf)));
            il.Emit(OpCodes.Call, asDelegate);
            for (int i = 0; i < type.Params.Length; i++) il.Emit(OpCodes.Ldarg, i);
            il.Emit(OpCodes.Callvirt, delegateType.GetMethod("Invoke")!);
            if (result is not null) il.Emit(OpCodes.Stloc, result);
            il.BeginCatchBlock(typeof(Exception));
            il.Emit(OpCodes.Call, Helper(typeof(HostFunction), nameof(HostFunction.ToTrap)));
            il.Emit(OpCodes.Throw);
            il.EndExceptionBlock();
            if (result is not null) il.Emit(OpCodes.Ldloc, result);
            il.Emit(OpCodes.Ret);
            var t = tb.CreateType();
            var m = t.GetMethod("Invoke")!;
            return (m.MethodHandle.GetFunctionPointer(), m);
        }
    }

    public static void EmitStoreIndirect(ILGenerator il, ValType t)
    {
        il.Emit(t switch
        {
            ValType.I32 => OpCodes.Stind_I4,
            ValType.I64 => OpCodes.Stind_I8,
            ValType.F32 => OpCodes.Stind_R4,
            ValType.F64 => OpCodes.Stind_R8,
            _ => OpCodes.Stind_Ref,
        });
    }
}
