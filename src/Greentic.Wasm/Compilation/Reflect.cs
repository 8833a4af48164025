using System.Reflection;
using System.Runtime.CompilerServices;
using Greentic.Wasm.Runtime;

namespace Greentic.Wasm.Compilation;

/// <summary>Members the generated IL refers to.</summary>
internal static class Reflect
{
    private const BindingFlags Any = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance;

    public static MethodInfo Method(Type t, string name) => t.GetMethod(name, Any) ?? throw new MissingMethodException(t.Name, name);

    public static MethodInfo Method(Type t, string name, params Type[] args) =>
        t.GetMethod(name, Any, args) ?? throw new MissingMethodException(t.Name, name);

    public static FieldInfo Field(Type t, string name) => t.GetField(name, Any) ?? throw new MissingFieldException(t.Name, name);

    public static readonly MethodInfo AsContext = typeof(Unsafe).GetMethods()
        .Single(m => m.Name == nameof(Unsafe.As) && m.IsGenericMethodDefinition && m.GetGenericArguments().Length == 1)
        .MakeGenericMethod(typeof(InstanceContext));

    public static readonly FieldInfo CtxMemory = Field(typeof(InstanceContext), nameof(InstanceContext.Memory0));
    public static readonly FieldInfo CtxTables = Field(typeof(InstanceContext), nameof(InstanceContext.Tables));
    public static readonly FieldInfo CtxGlobals = Field(typeof(InstanceContext), nameof(InstanceContext.Globals));
    public static readonly FieldInfo CtxFunctions = Field(typeof(InstanceContext), nameof(InstanceContext.Functions));
    public static readonly FieldInfo CtxState = Field(typeof(InstanceContext), nameof(InstanceContext.State));

    public static readonly FieldInfo StDepth = Field(typeof(ExecState), nameof(ExecState.Depth));
    public static readonly FieldInfo StMaxDepth = Field(typeof(ExecState), nameof(ExecState.MaxDepth));
    public static readonly FieldInfo StStackLimit = Field(typeof(ExecState), nameof(ExecState.StackLimit));
    public static readonly FieldInfo StFuel = Field(typeof(ExecState), nameof(ExecState.Fuel));
    public static readonly FieldInfo StDeadline = Field(typeof(ExecState), nameof(ExecState.Deadline));
    public static readonly FieldInfo StEpoch = Field(typeof(ExecState), nameof(ExecState.Epoch));
    public static readonly FieldInfo EpochValue = Field(typeof(Engine.EpochCounter), nameof(Engine.EpochCounter.Value));

    public static readonly FieldInfo FnCode = Field(typeof(Function), nameof(Function.Code));
    public static readonly FieldInfo FnContext = Field(typeof(Function), nameof(Function.Context));

    public static FieldInfo GlobalField(ValType t) => Field(typeof(Global), t switch
    {
        ValType.I32 => nameof(Global.I32),
        ValType.I64 => nameof(Global.I64),
        ValType.F32 => nameof(Global.F32),
        ValType.F64 => nameof(Global.F64),
        _ => nameof(Global.Ref),
    });
}
