using System.Reflection.Emit;
using Greentic.Wasm.Binary;
using Greentic.Wasm.Runtime;
using Greentic.Wasm.Runtime.Intrinsics;
using Greentic.Wasm.Validation;

namespace Greentic.Wasm.Compilation;

internal sealed partial class FunctionCompiler
{
    /// <summary>Unreachable code: only track block structure so the matching else/end is found.</summary>
    private void EmitDead(in Instr ins)
    {
        switch (ins.Op)
        {
            case Op.Block or Op.Loop or Op.If:
                frames.Add(new Frame { Kind = ins.Op, Dead = true });
                break;
            case Op.Else:
            {
                var f = frames[^1];
                if (f.Dead) break;
                BeginElse(f);
                break;
            }
            case Op.End:
            {
                var f = frames[^1];
                if (f.Dead)
                {
                    frames.RemoveAt(frames.Count - 1);
                    break;
                }
                EndFrame(f);
                break;
            }
        }
    }

    private Frame Target(long depth) => frames[frames.Count - 1 - (int)depth];

    private bool EmitControl(in Instr ins, int index)
    {
        switch (ins.Op)
        {
            case Op.Unreachable:
                EmitTrap(TrapCode.Unreachable);
                reachable = false;
                return true;
            case Op.Nop:
                return true;
            case Op.Block:
            {
                var (ps, rs) = FunctionValidator.BlockType(m, ins.A, ins.Offset);
                frames.Add(new Frame { Kind = Op.Block, Params = ps, Results = rs, Height = stack.Count - ps.Length, Target = il.DefineLabel() });
                return true;
            }
            case Op.Loop:
            {
                var (ps, rs) = FunctionValidator.BlockType(m, ins.A, ins.Offset);
                var f = new Frame { Kind = Op.Loop, Params = ps, Results = rs, Height = stack.Count - ps.Length, Target = il.DefineLabel() };
                frames.Add(f);
                il.MarkLabel(f.Target);
                EmitPoll(fuelCost.Length > index ? fuelCost[index] : 1);
                return true;
            }
            case Op.If:
            {
                var (ps, rs) = FunctionValidator.BlockType(m, ins.A, ins.Offset);
                Pop();
                var f = new Frame { Kind = Op.If, Params = ps, Results = rs, Height = stack.Count - ps.Length, Target = il.DefineLabel(), Else = il.DefineLabel() };
                frames.Add(f);
                il.Emit(OpCodes.Brfalse, f.Else);
                return true;
            }
            case Op.Else:
            {
                var f = frames[^1];
                il.Emit(OpCodes.Br, f.Target);
                f.EndReachable = true;
                BeginElse(f);
                return true;
            }
            case Op.End:
                EndFrame(frames[^1]);
                return true;
            case Op.Br:
                EmitBranch(Target(ins.A));
                reachable = false;
                return true;
            case Op.BrIf:
                Pop();
                EmitBranchIf(Target(ins.A));
                return true;
            case Op.BrTable:
                Pop();
                EmitBranchTable((int)ins.A, (int)ins.B);
                reachable = false;
                return true;
            case Op.Return:
                EmitBranch(frames[0]);
                reachable = false;
                return true;
            case Op.Call:
                EmitCall((int)ins.A);
                return true;
            case Op.CallIndirect:
                EmitCallIndirect((int)ins.A, (int)ins.B);
                return true;
            case Op.Drop:
                Pop();
                il.Emit(OpCodes.Pop);
                return true;
            case Op.Select:
            case Op.SelectT:
                EmitSelect();
                return true;
        }
        return false;
    }

    private void BeginElse(Frame f)
    {
        il.MarkLabel(f.Else);
        f.HasElse = true;
        stack.RemoveRange(f.Height, stack.Count - f.Height);
        foreach (var p in f.Params) Push(p);
        reachable = true;
    }

    private void EndFrame(Frame f)
    {
        frames.RemoveAt(frames.Count - 1);
        if (f.Kind == Op.If && !f.HasElse)
        {
            // The false path skips straight to the end with its parameters (= results) unchanged.
            il.MarkLabel(f.Else);
            f.EndReachable = true;
        }
        bool endReachable = reachable || (f.Kind != Op.Loop && f.EndReachable);
        if (f.Kind != Op.Loop && endReachable) il.MarkLabel(f.Target);
        stack.RemoveRange(f.Height, stack.Count - f.Height);
        foreach (var r in f.Results) Push(r);
        reachable = endReachable;
        if (frames.Count == 0 && reachable) EmitEpilogue();
    }

    /// <summary>Leaves the label's values on top, discarding whatever lies between them and the label's height.
    /// Emitted only on the branch path; the type model is untouched.</summary>
    private void EmitShuffle(Frame f)
    {
        var types = f.LabelTypes;
        int extra = stack.Count - f.Height - types.Length;
        if (extra <= 0) return;
        var saved = new LocalBuilder[types.Length];
        for (int k = types.Length - 1; k >= 0; k--)
        {
            saved[k] = AcquireTemp(types[k]);
            il.Emit(OpCodes.Stloc, saved[k]);
        }
        for (int k = 0; k < extra; k++) il.Emit(OpCodes.Pop);
        for (int k = 0; k < types.Length; k++)
        {
            il.Emit(OpCodes.Ldloc, saved[k]);
            ReleaseTemp(saved[k]);
        }
    }

    private bool NeedsShuffle(Frame f) => stack.Count - f.Height - f.LabelTypes.Length > 0;

    private void EmitBranch(Frame f)
    {
        EmitShuffle(f);
        if (f.Kind != Op.Loop) f.EndReachable = true;
        il.Emit(OpCodes.Br, f.Target);
    }

    private void EmitBranchIf(Frame f)
    {
        if (f.Kind != Op.Loop) f.EndReachable = true;
        if (!NeedsShuffle(f))
        {
            il.Emit(OpCodes.Brtrue, f.Target);
            return;
        }
        var skip = il.DefineLabel();
        il.Emit(OpCodes.Brfalse, skip);
        EmitShuffle(f);
        il.Emit(OpCodes.Br, f.Target);
        il.MarkLabel(skip);
    }

    private void EmitBranchTable(int first, int count)
    {
        var targets = body.BrTables;
        var labels = new Label[count - 1];
        var trampolines = new Dictionary<uint, Label>();
        for (int i = 0; i < count - 1; i++)
        {
            var f = Target(targets[first + i]);
            if (f.Kind != Op.Loop) f.EndReachable = true;
            if (!NeedsShuffle(f)) labels[i] = f.Target;
            else
            {
                if (!trampolines.TryGetValue(targets[first + i], out var t)) trampolines[targets[first + i]] = t = il.DefineLabel();
                labels[i] = t;
            }
        }
        if (labels.Length > 0) il.Emit(OpCodes.Switch, labels);
        else il.Emit(OpCodes.Pop);
        EmitBranch(Target(targets[first + count - 1]));
        foreach (var (depth, label) in trampolines)
        {
            il.MarkLabel(label);
            EmitBranch(Target(depth));
        }
    }

    private void EmitSelect()
    {
        Pop();
        var t = Pop();
        // Stack: a b cond -> cond != 0 ? a : b
        var keepA = il.DefineLabel();
        var done = il.DefineLabel();
        il.Emit(OpCodes.Brtrue, keepA);
        var tmp = AcquireTemp(t);
        il.Emit(OpCodes.Stloc, tmp);
        il.Emit(OpCodes.Pop);
        il.Emit(OpCodes.Ldloc, tmp);
        ReleaseTemp(tmp);
        il.Emit(OpCodes.Br, done);
        il.MarkLabel(keepA);
        il.Emit(OpCodes.Pop);
        il.MarkLabel(done);
    }

    // ---- calls ----

    /// <summary>Pushes the addresses of temporaries receiving results 1..n-1.</summary>
    private LocalBuilder[] PushResultAddresses(FuncType t)
    {
        var outs = new LocalBuilder[t.Results.Length];
        for (int k = 1; k < t.Results.Length; k++)
        {
            outs[k] = AcquireTemp(t.Results[k]);
            il.Emit(OpCodes.Ldloca, outs[k]);
        }
        return outs;
    }

    private void FinishCall(FuncType t, LocalBuilder[] outs)
    {
        Pop(t.Params.Length);
        for (int k = 1; k < t.Results.Length; k++)
        {
            il.Emit(OpCodes.Ldloc, outs[k]);
            ReleaseTemp(outs[k]);
        }
        foreach (var r in t.Results) Push(r);
    }

    private void EmitCall(int funcIndex)
    {
        var t = m.FuncTypeOf(funcIndex);
        var outs = PushResultAddresses(t);
        if (funcIndex >= m.ImportedFuncCount)
        {
            il.Emit(OpCodes.Ldarg, ctxArg);
            il.Emit(OpCodes.Call, cc.Methods[funcIndex - m.ImportedFuncCount]);
        }
        else
        {
            var fn = AcquireTemp(typeof(Function));
            LoadCtx();
            il.Emit(OpCodes.Ldfld, Reflect.CtxFunctions);
            il.Emit(OpCodes.Ldc_I4, funcIndex);
            il.Emit(OpCodes.Ldelem_Ref);
            il.Emit(OpCodes.Stloc, fn);
            EmitCalliThrough(fn, t);
            ReleaseTemp(fn);
        }
        FinishCall(t, outs);
    }

    private void EmitCalliThrough(LocalBuilder fn, FuncType t)
    {
        il.Emit(OpCodes.Ldloc, fn);
        il.Emit(OpCodes.Ldfld, Reflect.FnContext);
        il.Emit(OpCodes.Ldloc, fn);
        il.Emit(OpCodes.Ldfld, Reflect.FnCode);
        il.EmitCalli(OpCodes.Calli, System.Reflection.CallingConventions.Standard, CallSignature.ReturnType(t), CallSignature.ParameterTypes(t), null);
    }

    private void EmitCallIndirect(int typeIndex, int tableIndex)
    {
        var t = m.Types[typeIndex];
        Pop(); // the table index
        LoadCtx();
        il.Emit(OpCodes.Ldfld, Reflect.CtxTables);
        il.Emit(OpCodes.Ldc_I4, tableIndex);
        il.Emit(OpCodes.Ldelem_Ref);
        il.Emit(OpCodes.Ldc_I4, t.Id);
        il.Emit(OpCodes.Call, Reflect.Method(typeof(TableOps), nameof(TableOps.ResolveIndirect)));
        var fn = AcquireTemp(typeof(Function));
        il.Emit(OpCodes.Stloc, fn);
        var outs = PushResultAddresses(t);
        EmitCalliThrough(fn, t);
        ReleaseTemp(fn);
        FinishCall(t, outs);
    }
}
