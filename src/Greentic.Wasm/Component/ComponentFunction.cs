namespace Greentic.Wasm.Component;

/// <summary>A guest export called with component values ("canon lift"): arguments are lowered into the guest
/// (through cabi_realloc when they are strings, lists or too many to pass flat), results are lifted back, then
/// the export's <c>cabi_post_*</c> function (if any) lets the guest free them.</summary>
public sealed class ComponentFunction
{
    private readonly Function core;
    private readonly Function? postReturn;
    private readonly bool paramsInMemory;
    private readonly bool resultInMemory;

    internal ComponentFunction(ComponentInstance instance, string name, ComponentFuncType type, Function core, Function? postReturn)
    {
        Instance = instance;
        Name = name;
        Type = type;
        this.core = core;
        this.postReturn = postReturn;
        paramsInMemory = CanonicalFlattening.Flatten(type.Parameters.Select(p => p.Type)).Count > CanonicalFlattening.MaxFlatParams;
        resultInMemory = type.Result is not null && CanonicalFlattening.Flatten(type.Result).Count > CanonicalFlattening.MaxFlatResults;
    }

    public ComponentInstance Instance { get; }
    public string Name { get; }
    public ComponentFuncType Type { get; }

    /// <summary>Calls the export. Returns the result, or null when the function has none. A host value that does not
    /// match the signature is an <see cref="ArgumentException"/>; guest misbehaviour is a <see cref="TrapException"/>.</summary>
    public ComponentValue? Invoke(params ComponentValue[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Length != Type.Parameters.Count)
            throw new ArgumentException($"{Name} takes {Type.Parameters.Count} arguments, got {args.Length}");
        if (Instance.Poisoned)
            throw new TrapException(TrapCode.CanonicalAbi, $"cannot call {Name}: the instance trapped earlier and may not be entered again");
        if (Instance.InExport)
            throw new TrapException(TrapCode.CanonicalAbi, $"cannot call {Name}: the instance is already running an export (re-entrance is not allowed)");
        Instance.InExport = true;
        ComponentInstance.Enter(Instance);
        try
        {
            var cx = Instance.Canonical;
            var coreArgs = LowerArguments(cx, args);
            var coreResults = core.Invoke(coreArgs.ToArray());
            cx.BeginLift();
            var result = LiftResult(cx, coreResults);
            postReturn?.Invoke(coreResults);
            return result;
        }
        catch (TrapException)
        {
            Instance.Poisoned = true;
            throw;
        }
        finally
        {
            Instance.InExport = false;
            ComponentInstance.Leave();
        }
    }

    private List<Value> LowerArguments(CanonicalContext cx, ComponentValue[] args)
    {
        var coreArgs = new List<Value>();
        if (paramsInMemory)
        {
            var tuple = Type.ParamTuple;
            long ptr = cx.Allocate(CanonicalLayout.Alignment(tuple), CanonicalLayout.Size(tuple));
            CanonicalLower.Store(cx, ComponentValue.Tuple(args), tuple, ptr);
            coreArgs.Add(Value.I32((int)ptr));
            return coreArgs;
        }
        for (int i = 0; i < args.Length; i++)
        {
            var p = Type.Parameters[i];
            try
            {
                CanonicalLower.LowerFlat(cx, args[i], p.Type, coreArgs);
            }
            catch (ArgumentException e)
            {
                throw new ArgumentException($"argument '{p.Name}' of {Name}: {e.Message}", e);
            }
        }
        return coreArgs;
    }

    private ComponentValue? LiftResult(CanonicalContext cx, Value[] coreResults)
    {
        if (Type.Result is not { } rt) return null;
        if (!resultInMemory) return CanonicalLift.LiftFlat(cx, new FlatReader(coreResults), rt);
        long ptr = (uint)coreResults[0].AsI32();
        CanonicalContext.CheckAligned(ptr, CanonicalLayout.Alignment(rt));
        cx.CheckRange(ptr, CanonicalLayout.Size(rt));
        return CanonicalLift.Load(cx, ptr, rt);
    }
}
