using Greentic.Wasm.Runtime;

namespace Greentic.Wasm;

/// <summary>Host callback: read <paramref name="args"/>, write every slot of <paramref name="results"/>.</summary>
public delegate void HostFunctionCallback(ReadOnlySpan<Value> args, Span<Value> results);

/// <summary>A WebAssembly or host function. Also the runtime value of a non-null funcref.</summary>
public sealed class Function : Extern
{
    /// <summary>Entry point with the <see cref="CallSignature"/> convention.</summary>
    internal readonly nint Code;
    /// <summary>Passed as the last argument: an <see cref="InstanceContext"/> or a <see cref="HostFunction"/>.</summary>
    internal readonly object Context;
    internal readonly int TypeId;
    /// <summary>Keeps the compiled code (a collectible assembly) alive while the function is reachable.</summary>
    internal readonly object? Owner;

    internal Function(FuncType type, nint code, object context, object? owner)
    {
        Type = type;
        TypeId = type.Id;
        Code = code;
        Context = context;
        Owner = owner;
    }

    public override ExternKind Kind => ExternKind.Function;
    public FuncType Type { get; }

    /// <summary>Creates a host function with an explicit signature.</summary>
    public static Function FromCallback(FuncType type, HostFunctionCallback callback)
    {
        var host = new HostFunction(type, callback);
        var (ptr, method) = StubFactory.HostStub(type);
        return new Function(type, ptr, host, method);
    }

    /// <summary>Creates a host function from a delegate over int, long, float, double, <see cref="Function"/> (funcref),
    /// or object (externref) parameters, returning void, one such value, or a ValueTuple of them.</summary>
    public static Function FromDelegate(Delegate d) => HostFunction.FromDelegate(d);

    /// <summary>Calls the function. Traps surface as <see cref="TrapException"/>; the store stays usable.</summary>
    public Value[] Invoke(ReadOnlySpan<Value> args)
    {
        var ps = Type.Params;
        if (args.Length != ps.Length) throw new ArgumentException($"function expects {ps.Length} arguments, got {args.Length}");
        for (int i = 0; i < ps.Length; i++)
            if (args[i].Type != ps[i]) throw new ArgumentException($"argument {i} must be {ps[i].Name()}, got {args[i].Type.Name()}");
        var argArray = args.ToArray();
        var results = new Value[Type.Results.Length];
        for (int i = 0; i < results.Length; i++) results[i] = Value.Default(Type.Results[i]);
        if (Context is HostFunction host)
        {
            host.Call(argArray, results);
            return results;
        }
        var state = ((InstanceContext)Context).State;
        Execution.Run(state, StubFactory.Entry(Type), Code, Context, argArray, results);
        return results;
    }

    public Value[] Invoke(params Value[] args) => Invoke((ReadOnlySpan<Value>)args);

    /// <summary>Calls with CLR arguments (converted by the parameter types); returns null, the single result, or an object[].</summary>
    public object? Invoke(params object?[] args)
    {
        var ps = Type.Params;
        if (args.Length != ps.Length) throw new ArgumentException($"function expects {ps.Length} arguments, got {args.Length}");
        var vals = new Value[args.Length];
        for (int i = 0; i < args.Length; i++) vals[i] = args[i] is Value v ? v : Value.From(args[i], ps[i]);
        var r = Invoke((ReadOnlySpan<Value>)vals);
        return r.Length switch
        {
            0 => null,
            1 => r[0].ToObject(),
            _ => r.Select(x => x.ToObject()).ToArray(),
        };
    }

    public override string ToString() => $"func {Type}";
}
