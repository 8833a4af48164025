using Greentic.Wasm.Runtime;

namespace Greentic.Wasm;

/// <summary>An instantiated module: its exports, and the state behind them.</summary>
public sealed class Instance
{
    private readonly Dictionary<string, Extern> exports;

    internal Instance(Module module, InstanceContext context, Dictionary<string, Extern> exports)
    {
        Module = module;
        Context = context;
        this.exports = exports;
    }

    public Module Module { get; }
    internal InstanceContext Context { get; }
    public IReadOnlyDictionary<string, Extern> Exports => exports;

    public Extern? GetExport(string name) => exports.GetValueOrDefault(name);
    public Function? GetFunction(string name) => GetExport(name) as Function;
    public Memory? GetMemory(string name) => GetExport(name) as Memory;
    public Table? GetTable(string name) => GetExport(name) as Table;
    public Global? GetGlobal(string name) => GetExport(name) as Global;

    public Func<TResult>? GetFunction<TResult>(string name) => Typed<Func<TResult>>(name, [], typeof(TResult));
    public Func<T1, TResult>? GetFunction<T1, TResult>(string name) => Typed<Func<T1, TResult>>(name, [typeof(T1)], typeof(TResult));
    public Func<T1, T2, TResult>? GetFunction<T1, T2, TResult>(string name) =>
        Typed<Func<T1, T2, TResult>>(name, [typeof(T1), typeof(T2)], typeof(TResult));
    public Func<T1, T2, T3, TResult>? GetFunction<T1, T2, T3, TResult>(string name) =>
        Typed<Func<T1, T2, T3, TResult>>(name, [typeof(T1), typeof(T2), typeof(T3)], typeof(TResult));
    public Func<T1, T2, T3, T4, TResult>? GetFunction<T1, T2, T3, T4, TResult>(string name) =>
        Typed<Func<T1, T2, T3, T4, TResult>>(name, [typeof(T1), typeof(T2), typeof(T3), typeof(T4)], typeof(TResult));

    public Action? GetAction(string name) => Typed<Action>(name, [], null);
    public Action<T1>? GetAction<T1>(string name) => Typed<Action<T1>>(name, [typeof(T1)], null);
    public Action<T1, T2>? GetAction<T1, T2>(string name) => Typed<Action<T1, T2>>(name, [typeof(T1), typeof(T2)], null);
    public Action<T1, T2, T3>? GetAction<T1, T2, T3>(string name) =>
        Typed<Action<T1, T2, T3>>(name, [typeof(T1), typeof(T2), typeof(T3)], null);

    /// <summary>A typed delegate for the export if its signature matches the CLR types (int/uint = i32,
    /// long/ulong = i64, float, double, <see cref="Function"/> = funcref, other classes = externref); otherwise null.</summary>
    private TDelegate? Typed<TDelegate>(string name, Type[] ps, Type? result) where TDelegate : Delegate
    {
        var f = Typed(name, ps, result is null ? [] : [result]);
        if (f is null) return null;
        if (f.Context is InstanceContext) return TypedEntry.Create<TDelegate>(f);
        // A re-exported host function: go through the generic path.
        var method = typeof(HostCall).GetMethod(HostCall.MethodFor(ps.Length, result))!;
        Type[] typeArgs = [.. ps, .. (result is null ? Type.EmptyTypes : [result])];
        if (typeArgs.Length > 0) method = method.MakeGenericMethod(typeArgs);
        return (TDelegate)Delegate.CreateDelegate(typeof(TDelegate), new HostCall(f), method);
    }

    /// <summary>The export, if it is a function whose signature matches the CLR types; otherwise null.</summary>
    private Function? Typed(string name, Type[] ps, Type[] rs)
    {
        if (GetFunction(name) is not { } f) return null;
        if (f.Type.Params.Length != ps.Length || f.Type.Results.Length != rs.Length) return null;
        for (int i = 0; i < ps.Length; i++)
            if (HostFunction.ValTypeOf(ps[i]) != f.Type.Params[i]) return null;
        for (int i = 0; i < rs.Length; i++)
            if (HostFunction.ValTypeOf(rs[i]) != f.Type.Results[i]) return null;
        return f;
    }

    /// <summary>Typed wrappers over <see cref="Function.Invoke(ReadOnlySpan{Value})"/> for host functions.</summary>
    private sealed class HostCall(Function f)
    {
        public static string MethodFor(int arity, Type? result) => (result is null ? "A" : "F") + arity;

        private Value Arg<T>(T a, int i) => a switch
        {
            uint u => Value.I32((int)u),
            ulong u => Value.I64((long)u),
            _ => Value.From(a, f.Type.Params[i]),
        };

        private static T Result<T>(Value[] r)
        {
            if (typeof(T) == typeof(uint)) return (T)(object)(uint)r[0].AsI32();
            if (typeof(T) == typeof(ulong)) return (T)(object)(ulong)r[0].AsI64();
            return (T)r[0].ToObject()!;
        }

        public R F0<R>() => Result<R>(f.Invoke(ReadOnlySpan<Value>.Empty));
        public R F1<T1, R>(T1 a) => Result<R>(f.Invoke([Arg(a, 0)]));
        public R F2<T1, T2, R>(T1 a, T2 b) => Result<R>(f.Invoke([Arg(a, 0), Arg(b, 1)]));
        public R F3<T1, T2, T3, R>(T1 a, T2 b, T3 c) => Result<R>(f.Invoke([Arg(a, 0), Arg(b, 1), Arg(c, 2)]));
        public R F4<T1, T2, T3, T4, R>(T1 a, T2 b, T3 c, T4 d) => Result<R>(f.Invoke([Arg(a, 0), Arg(b, 1), Arg(c, 2), Arg(d, 3)]));
        public void A0() => f.Invoke(ReadOnlySpan<Value>.Empty);
        public void A1<T1>(T1 a) => f.Invoke([Arg(a, 0)]);
        public void A2<T1, T2>(T1 a, T2 b) => f.Invoke([Arg(a, 0), Arg(b, 1)]);
        public void A3<T1, T2, T3>(T1 a, T2 b, T3 c) => f.Invoke([Arg(a, 0), Arg(b, 1), Arg(c, 2)]);
    }
}
