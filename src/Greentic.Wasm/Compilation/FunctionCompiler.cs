using System.Reflection.Emit;
using Greentic.Wasm.Binary;
using Greentic.Wasm.Runtime.Intrinsics;
using Greentic.Wasm.Validation;

namespace Greentic.Wasm.Compilation;

/// <summary>Translates one validated function body to IL. The WebAssembly operand stack maps onto the IL
/// evaluation stack; <see cref="stack"/> mirrors its types. Code that validation proved unreachable is not
/// emitted. Per-instruction emitters live in the partial files grouped by instruction kind.</summary>
internal sealed partial class FunctionCompiler
{
    private sealed class Frame
    {
        public Op Kind;
        public ValType[] Params = [];
        public ValType[] Results = [];
        /// <summary>Stack height below the block's parameters.</summary>
        public int Height;
        /// <summary>Branch target: the start of a loop, otherwise the end.</summary>
        public Label Target;
        public Label Else;
        public bool HasElse;
        /// <summary>Some branch targets the end label.</summary>
        public bool EndReachable;
        /// <summary>The block was entered in unreachable code: nothing inside is emitted.</summary>
        public bool Dead;
        public ValType[] LabelTypes => Kind == Op.Loop ? Params : Results;
    }

    private readonly ModuleInfo m;
    private readonly ModuleCompiler.Context cc;
    private readonly FunctionBody body;
    private readonly FuncType type;
    private readonly ILGenerator il;
    private readonly List<ValType> stack = new();
    private readonly List<Frame> frames = new();
    private readonly Dictionary<Type, Stack<LocalBuilder>> temps = new();
    private readonly ValType[] localTypes;
    private readonly LocalBuilder?[] localBuilders;
    private readonly int paramCount;
    private readonly int ctxArg;
    private LocalBuilder ctx = null!;
    private LocalBuilder st = null!;
    /// <summary>The instance's memory (fixed for the instance's lifetime), if the module has one.</summary>
    private LocalBuilder? mem;
    /// <summary>The engine's epoch counter (see <see cref="EmitPoll"/>).</summary>
    private LocalBuilder? epoch;
    private bool reachable = true;
    private Op previousOp = Op.Nop;
    private int[] fuelCost = [];
    private int entryFuelCost;

    public FunctionCompiler(ModuleInfo module, ModuleCompiler.Context context, FunctionBody body, FuncType type, ILGenerator il)
    {
        m = module;
        cc = context;
        this.body = body;
        this.type = type;
        this.il = il;
        paramCount = type.Params.Length;
        ctxArg = paramCount + Math.Max(0, type.Results.Length - 1);
        localTypes = new ValType[paramCount + body.Locals.Length];
        type.Params.CopyTo(localTypes, 0);
        body.Locals.CopyTo(localTypes, paramCount);
        localBuilders = new LocalBuilder?[localTypes.Length];
    }

    public void Compile()
    {
        ComputeFuelCosts();
        for (int i = paramCount; i < localTypes.Length; i++) localBuilders[i] = il.DeclareLocal(localTypes[i].ClrType());
        EmitPrologue();
        frames.Add(new Frame { Kind = Op.Block, Results = type.Results, Height = 0, Target = il.DefineLabel() });
        var code = body.Code;
        for (int i = 0; i < code.Length; i++)
        {
            Emit(in code[i], i);
            previousOp = code[i].Op;
        }
    }

    // ---- prologue / epilogue ----

    private void EmitPrologue()
    {
        ctx = il.DeclareLocal(typeof(Runtime.InstanceContext));
        st = il.DeclareLocal(typeof(Runtime.ExecState));
        il.Emit(OpCodes.Ldarg, ctxArg);
        il.Emit(OpCodes.Call, Reflect.AsContext);
        il.Emit(OpCodes.Stloc, ctx);
        il.Emit(OpCodes.Ldloc, ctx);
        il.Emit(OpCodes.Ldfld, Reflect.CtxState);
        il.Emit(OpCodes.Stloc, st);
        if (m.Memories.Count > 0)
        {
            mem = il.DeclareLocal(typeof(Memory));
            il.Emit(OpCodes.Ldloc, ctx);
            il.Emit(OpCodes.Ldfld, Reflect.CtxMemory);
            il.Emit(OpCodes.Stloc, mem);
            ReloadMemoryView();
        }

        // Native stack check: the address of a local against the store's limit.
        var probe = il.DeclareLocal(typeof(int));
        var ok = il.DefineLabel();
        il.Emit(OpCodes.Ldloca, probe);
        il.Emit(OpCodes.Conv_U);
        il.Emit(OpCodes.Ldloc, st);
        il.Emit(OpCodes.Ldfld, Reflect.StStackLimit);
        il.Emit(OpCodes.Bge_Un, ok);
        il.Emit(OpCodes.Call, Reflect.Method(typeof(Traps), nameof(Traps.ThrowStackExhausted)));
        il.MarkLabel(ok);

        // Call depth: ++Depth > MaxDepth traps. (Its own local: the probe's address is taken.)
        var depth = il.DeclareLocal(typeof(int));
        var ok2 = il.DefineLabel();
        il.Emit(OpCodes.Ldloc, st);
        il.Emit(OpCodes.Ldfld, Reflect.StDepth);
        il.Emit(OpCodes.Ldc_I4_1);
        il.Emit(OpCodes.Add);
        il.Emit(OpCodes.Stloc, depth);
        il.Emit(OpCodes.Ldloc, st);
        il.Emit(OpCodes.Ldloc, depth);
        il.Emit(OpCodes.Stfld, Reflect.StDepth);
        il.Emit(OpCodes.Ldloc, depth);
        il.Emit(OpCodes.Ldloc, st);
        il.Emit(OpCodes.Ldfld, Reflect.StMaxDepth);
        il.Emit(OpCodes.Ble, ok2);
        il.Emit(OpCodes.Call, Reflect.Method(typeof(Traps), nameof(Traps.ThrowStackExhausted)));
        il.MarkLabel(ok2);

        EmitPoll(entryFuelCost);
    }

    /// <summary>Fuel and deadline checks (function entry and loop headers). Stack-neutral.</summary>
    private void EmitPoll(int cost)
    {
        if (cc.Config.ConsumeFuel)
        {
            var ok = il.DefineLabel();
            il.Emit(OpCodes.Ldloc, st);
            il.Emit(OpCodes.Ldloc, st);
            il.Emit(OpCodes.Ldfld, Reflect.StFuel);
            il.Emit(OpCodes.Ldc_I8, (long)Math.Max(1, cost));
            il.Emit(OpCodes.Sub);
            il.Emit(OpCodes.Stfld, Reflect.StFuel);
            il.Emit(OpCodes.Ldloc, st);
            il.Emit(OpCodes.Ldfld, Reflect.StFuel);
            il.Emit(OpCodes.Ldc_I8, 0L);
            il.Emit(OpCodes.Bge, ok);
            il.Emit(OpCodes.Call, Reflect.Method(typeof(Traps), nameof(Traps.ThrowOutOfFuel)));
            il.MarkLabel(ok);
        }
        if (cc.Config.EpochInterruption)
        {
            var ok = il.DefineLabel();
            if (epoch is null)
            {
                // The engine's epoch counter never changes identity: load it once, so each check is two loads.
                epoch = il.DeclareLocal(typeof(Engine.EpochCounter));
                il.Emit(OpCodes.Ldloc, st);
                il.Emit(OpCodes.Ldfld, Reflect.StEpoch);
                il.Emit(OpCodes.Stloc, epoch);
            }
            il.Emit(OpCodes.Ldloc, epoch);
            il.Emit(OpCodes.Volatile);
            il.Emit(OpCodes.Ldfld, Reflect.EpochValue);
            il.Emit(OpCodes.Ldloc, st);
            il.Emit(OpCodes.Volatile);
            il.Emit(OpCodes.Ldfld, Reflect.StDeadline);
            il.Emit(OpCodes.Blt, ok);
            il.Emit(OpCodes.Call, Reflect.Method(typeof(Traps), nameof(Traps.ThrowInterrupt)));
            il.MarkLabel(ok);
        }
    }

    /// <summary>At the function's final end: results are on the stack; extra results go to the by-ref parameters.</summary>
    private void EmitEpilogue()
    {
        var rs = type.Results;
        for (int k = rs.Length - 1; k >= 1; k--)
        {
            var tmp = AcquireTemp(rs[k]);
            il.Emit(OpCodes.Stloc, tmp);
            il.Emit(OpCodes.Ldarg, paramCount + k - 1);
            il.Emit(OpCodes.Ldloc, tmp);
            Runtime.StubFactory.EmitStoreIndirect(il, rs[k]);
            ReleaseTemp(tmp);
        }
        il.Emit(OpCodes.Ldloc, st);
        il.Emit(OpCodes.Ldloc, st);
        il.Emit(OpCodes.Ldfld, Reflect.StDepth);
        il.Emit(OpCodes.Ldc_I4_1);
        il.Emit(OpCodes.Sub);
        il.Emit(OpCodes.Stfld, Reflect.StDepth);
        il.Emit(OpCodes.Ret);
    }

    /// <summary>Static fuel cost: instructions between consecutive checkpoints (function entry, loop headers).</summary>
    private void ComputeFuelCosts()
    {
        if (!cc.Config.ConsumeFuel) return;
        var code = body.Code;
        fuelCost = new int[code.Length];
        var targets = new Stack<int>();
        targets.Push(-1);
        for (int i = 0; i < code.Length; i++)
        {
            int t = targets.Peek();
            if (t < 0) entryFuelCost++;
            else fuelCost[t]++;
            switch (code[i].Op)
            {
                case Op.Block or Op.If: targets.Push(t); break;
                case Op.Loop: targets.Push(i); break;
                case Op.End: if (targets.Count > 1) targets.Pop(); break;
            }
        }
    }

    // ---- operand stack model and temporaries ----

    private void Push(ValType t) => stack.Add(t);

    private ValType Pop()
    {
        var t = stack[^1];
        stack.RemoveAt(stack.Count - 1);
        return t;
    }

    private void Pop(int n) => stack.RemoveRange(stack.Count - n, n);

    private LocalBuilder AcquireTemp(ValType t) => AcquireTemp(t.ClrType());

    private LocalBuilder AcquireTemp(Type t)
    {
        if (temps.TryGetValue(t, out var pool) && pool.Count > 0) return pool.Pop();
        return il.DeclareLocal(t);
    }

    private void ReleaseTemp(LocalBuilder l)
    {
        if (!temps.TryGetValue(l.LocalType, out var pool)) temps[l.LocalType] = pool = new Stack<LocalBuilder>();
        pool.Push(l);
    }

    private void EmitTrap(TrapCode code)
    {
        il.Emit(OpCodes.Ldc_I4, (int)code);
        il.Emit(OpCodes.Call, Reflect.Method(typeof(Traps), nameof(Traps.Create)));
        il.Emit(OpCodes.Throw);
    }

    private void LoadCtx() => il.Emit(OpCodes.Ldloc, ctx);

    // ---- dispatch ----

    private void Emit(in Instr ins, int index)
    {
        if (!reachable)
        {
            EmitDead(in ins);
            return;
        }
        if (OpSignatures.TryGet(ins.Op, out var sig))
        {
            bool done = EmitMemoryAccess(in ins) || EmitIntOp(ins.Op) || EmitFloatOp(ins.Op) || EmitConversion(ins.Op);
            if (!done) throw new NotSupportedException($"no IL emitter for {ins.Op}");
            Pop(sig.In.Length);
            if (sig.HasResult) Push(sig.Out);
            return;
        }
        if (EmitControl(in ins, index))
        {
            // A callee may have grown memory (and replaced its buffer).
            if (ins.Op is Op.Call or Op.CallIndirect) ReloadMemoryView();
            return;
        }
        if (EmitVariable(in ins)) return;
        if (EmitMemoryOther(in ins)) return;
        if (EmitReference(in ins)) return;
        throw new NotSupportedException($"no IL emitter for {ins.Op}");
    }
}
