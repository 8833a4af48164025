namespace Greentic.Wasm.Runtime;

/// <summary>The CLR calling convention of compiled functions and stubs:
/// <c>R0 f(P0..Pn, ref R1..ref Rm, object context)</c> — the first result is the return value, the others are
/// written through by-ref parameters, and the callee's context object comes last.</summary>
internal static class CallSignature
{
    public static Type ReturnType(FuncType t) => t.Results.Length > 0 ? t.Results[0].ClrType() : typeof(void);

    public static Type[] ParameterTypes(FuncType t)
    {
        var ps = new Type[t.Params.Length + Math.Max(0, t.Results.Length - 1) + 1];
        int i = 0;
        foreach (var p in t.Params) ps[i++] = p.ClrType();
        for (int k = 1; k < t.Results.Length; k++) ps[i++] = t.Results[k].ClrType().MakeByRefType();
        ps[i] = typeof(object);
        return ps;
    }
}
