using System.Reflection;
using System.Runtime.CompilerServices;

namespace Greentic.Wasm.Runtime;

/// <summary>The context object of a host function: its signature and callback. Host exceptions other than
/// <see cref="TrapException"/> become <see cref="TrapCode.HostError"/> traps.</summary>
internal sealed class HostFunction
{
    public HostFunction(FuncType type, HostFunctionCallback callback)
    {
        Type = type;
        Callback = callback;
        hasReferenceParams = type.Params.Any(p => p.IsReference());
    }

    private readonly bool hasReferenceParams;

    public FuncType Type { get; }
    public HostFunctionCallback Callback { get; }

    /// <summary>For a delegate with only numeric parameters and at most one numeric result: the delegate, which the
    /// typed stub (<see cref="StubFactory.TypedHostStub"/>) calls directly, without <see cref="Value"/> arrays.</summary>
    public Delegate? Typed { get; init; }

    /// <summary>Called by typed stubs.</summary>
    public static Delegate TypedOf(object context) => Unsafe.As<HostFunction>(context).Typed!;

    /// <summary>Called by typed stubs: what an exception from a host delegate becomes (as in <see cref="Call"/>).</summary>
    public static Exception ToTrap(Exception e) =>
        e is TrapException or OutOfMemoryException ? e : new TrapException(TrapCode.HostError, e.Message, e);

    private static bool IsNumeric(Type t) =>
        t == typeof(int) || t == typeof(uint) || t == typeof(long) || t == typeof(ulong) || t == typeof(float) || t == typeof(double);

    /// <summary>Called by the generated host stubs for the argument array (see <see cref="HostCallBuffers"/>).</summary>
    public static Value[] RentArgs(int count) => HostCallBuffers.Current.RentArgs(count);

    /// <summary>Called by the generated host stubs. The returned array is read by the stub at once, before anything
    /// else can run on this thread, so it may be reused by the next call.</summary>
    public static Value[] Dispatch(Value[] args, object context)
    {
        var host = (HostFunction)context;
        var buffers = HostCallBuffers.Current;
        var results = buffers.RentResults(host.Type.Results.Length);
        try
        {
            for (int i = 0; i < results.Length; i++) results[i] = Value.Default(host.Type.Results[i]);
            host.Call(args, results);
            return results;
        }
        finally
        {
            buffers.Return(args, results, host.hasReferenceParams);
        }
    }

    public void Call(Value[] args, Value[] results)
    {
        try
        {
            Callback(args, results);
        }
        catch (TrapException)
        {
            throw;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new TrapException(TrapCode.HostError, e.Message, e);
        }
        for (int i = 0; i < results.Length; i++)
        {
            if (results[i].Type != Type.Results[i])
                throw new TrapException(TrapCode.HostError, $"host function returned {results[i].Type.Name()} for result {i}, expected {Type.Results[i].Name()}");
        }
    }

    public static ValType ValTypeOf(Type t)
    {
        if (t == typeof(int) || t == typeof(uint)) return ValType.I32;
        if (t == typeof(long) || t == typeof(ulong)) return ValType.I64;
        if (t == typeof(float)) return ValType.F32;
        if (t == typeof(double)) return ValType.F64;
        if (t == typeof(Function)) return ValType.FuncRef;
        if (!t.IsValueType) return ValType.ExternRef;
        throw new NotSupportedException($"CLR type {t} has no WebAssembly equivalent");
    }

    public static Function FromDelegate(Delegate d)
    {
        var invoke = d.GetType().GetMethod("Invoke")!;
        var ps = invoke.GetParameters().Select(p => ValTypeOf(p.ParameterType)).ToArray();
        Type ret = invoke.ReturnType;
        ValType[] rs;
        Type[] tupleTypes = [];
        if (ret == typeof(void)) rs = [];
        else if (ret.IsGenericType && ret.FullName!.StartsWith("System.ValueTuple", StringComparison.Ordinal))
        {
            tupleTypes = ret.GetGenericArguments();
            rs = tupleTypes.Select(ValTypeOf).ToArray();
        }
        else rs = [ValTypeOf(ret)];
        var type = new FuncType(ps, rs);
        var paramTypes = invoke.GetParameters().Select(p => p.ParameterType).ToArray();
        HostFunctionCallback callback = (args, results) =>
        {
            var clrArgs = new object?[args.Length];
            for (int i = 0; i < args.Length; i++) clrArgs[i] = ToClr(args[i], paramTypes[i]);
            object? r;
            try
            {
                r = d.DynamicInvoke(clrArgs);
            }
            catch (TargetInvocationException e) when (e.InnerException is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
                throw;
            }
            if (rs.Length == 1) results[0] = Value.From(FromClr(r), rs[0]);
            else if (rs.Length > 1)
            {
                var tuple = (ITuple)r!;
                for (int i = 0; i < rs.Length; i++) results[i] = Value.From(FromClr(tuple[i]), rs[i]);
            }
        };
        bool typed = d.GetType().IsVisible && paramTypes.All(IsNumeric) && (ret == typeof(void) || IsNumeric(ret));
        if (!typed) return Function.FromCallback(type, callback);
        var host = new HostFunction(type, callback) { Typed = d };
        var (ptr, method) = StubFactory.TypedHostStub(type, d.GetType());
        return new Function(type, ptr, host, method);
    }

    private static object? ToClr(Value v, Type t)
    {
        if (t == typeof(uint)) return (uint)v.AsI32();
        if (t == typeof(ulong)) return (ulong)v.AsI64();
        return v.ToObject();
    }

    private static object? FromClr(object? o) => o switch
    {
        uint u => (int)u,
        ulong u => (long)u,
        _ => o,
    };
}
