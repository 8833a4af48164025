using System.Reflection;
using System.Reflection.Emit;
using Greentic.Wasm.Binary;
using Greentic.Wasm.Runtime;
using Greentic.Wasm.Runtime.Intrinsics;

namespace Greentic.Wasm.Compilation;

/// <summary>The compiled code of a module: one static method per defined function in a collectible assembly.</summary>
internal sealed class CompiledModule
{
    public required Type Type { get; init; }
    /// <summary>Entry points of the defined functions (index = function index - imported count).</summary>
    public required nint[] Pointers { get; init; }
}

/// <summary>Compiles every defined function of a validated module into a type of a fresh collectible
/// assembly (unloaded when no instance or function refers to it any more).</summary>
internal static class ModuleCompiler
{
    /// <summary>Functions whose estimated frame is larger than this get a guard wrapper that checks the stack
    /// before the big frame is allocated.</summary>
    private const int BigFrameBytes = 32 * 1024;

    private static int counter;

    internal sealed class Context
    {
        public required EngineConfig Config { get; init; }
        public required MethodBuilder[] Methods { get; init; }
    }

    public static CompiledModule Compile(ModuleInfo m, int[] maxHeights, EngineConfig config, string name)
    {
        int id = Interlocked.Increment(ref counter);
        var ab = StubFactory.NewAssembly($"Greentic.Wasm.Compiled{id}");
        var mb = ab.DefineDynamicModule("module");
        var tb = mb.DefineType($"Wasm_{Sanitize(name)}_{id}", TypeAttributes.Public | TypeAttributes.Abstract | TypeAttributes.Sealed);

        int n = m.Bodies.Count;
        var entries = new MethodBuilder[n];
        var bodies = new MethodBuilder[n];
        for (int i = 0; i < n; i++)
        {
            int funcIndex = m.ImportedFuncCount + i;
            var t = m.FuncTypeOf(funcIndex);
            var ret = CallSignature.ReturnType(t);
            var ps = CallSignature.ParameterTypes(t);
            entries[i] = tb.DefineMethod($"f{funcIndex}", MethodAttributes.Public | MethodAttributes.Static, ret, ps);
            long frame = 8L * (t.Params.Length + m.Bodies[i].Locals.Length) + 16L * maxHeights[i] + 4096;
            if (frame > BigFrameBytes)
            {
                bodies[i] = tb.DefineMethod($"f{funcIndex}_body", MethodAttributes.Public | MethodAttributes.Static, ret, ps);
                bodies[i].SetImplementationFlags(MethodImplAttributes.NoInlining);
                EmitGuardWrapper(entries[i].GetILGenerator(), bodies[i], ps.Length, frame);
            }
            else bodies[i] = entries[i];
        }

        var ctx = new Context { Config = config, Methods = entries };
        for (int i = 0; i < n; i++)
        {
            int funcIndex = m.ImportedFuncCount + i;
            new FunctionCompiler(m, ctx, m.Bodies[i], m.FuncTypeOf(funcIndex), bodies[i].GetILGenerator()).Compile();
        }

        var type = tb.CreateType();
        var byName = type.GetMethods(BindingFlags.Public | BindingFlags.Static).ToDictionary(x => x.Name, StringComparer.Ordinal);
        var pointers = new nint[n];
        for (int i = 0; i < n; i++)
            pointers[i] = byName[$"f{m.ImportedFuncCount + i}"].MethodHandle.GetFunctionPointer();
        return new CompiledModule { Type = type, Pointers = pointers };
    }

    /// <summary>Checks that <paramref name="frameBytes"/> more stack fit above the limit, then tail-forwards.</summary>
    private static void EmitGuardWrapper(ILGenerator il, MethodInfo body, int argCount, long frameBytes)
    {
        var probe = il.DeclareLocal(typeof(int));
        var ok = il.DefineLabel();
        il.Emit(OpCodes.Ldloca, probe);
        il.Emit(OpCodes.Conv_U);
        il.Emit(OpCodes.Ldc_I8, frameBytes);
        il.Emit(OpCodes.Conv_U);
        il.Emit(OpCodes.Sub);
        il.Emit(OpCodes.Ldarg, argCount - 1);
        il.Emit(OpCodes.Call, Reflect.AsContext);
        il.Emit(OpCodes.Ldfld, Reflect.CtxState);
        il.Emit(OpCodes.Ldfld, Reflect.StStackLimit);
        il.Emit(OpCodes.Bge_Un, ok);
        il.Emit(OpCodes.Call, Reflect.Method(typeof(Traps), nameof(Traps.ThrowStackExhausted)));
        il.MarkLabel(ok);
        for (int i = 0; i < argCount; i++) il.Emit(OpCodes.Ldarg, i);
        il.Emit(OpCodes.Call, body);
        il.Emit(OpCodes.Ret);
    }

    private static string Sanitize(string name)
    {
        var chars = name.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_').Take(40).ToArray();
        return new string(chars);
    }
}
