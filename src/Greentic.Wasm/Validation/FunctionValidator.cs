using Greentic.Wasm.Binary;

namespace Greentic.Wasm.Validation;

/// <summary>Validates one function body with the operand/control stack algorithm of the spec's validation
/// appendix. The per-instruction rules live in the partial files grouped by instruction kind.</summary>
internal sealed partial class FunctionValidator
{
    private const ValType Unknown = ValTypeExtensions.Unknown;

    private struct CtrlFrame
    {
        public Op Opcode;
        public ValType[] Start;
        public ValType[] End;
        public int Height;
        public bool Unreachable;
    }

    private readonly ModuleInfo m;
    private readonly ModuleValidator.Context ctx;
    private readonly List<ValType> vals = new();
    private readonly List<CtrlFrame> ctrls = new();
    private ValType[] locals = [];
    private uint[] brTables = [];
    private int offset;

    public FunctionValidator(ModuleInfo module, ModuleValidator.Context context)
    {
        m = module;
        ctx = context;
    }

    /// <summary>Maximum operand stack height seen in the last validated body.</summary>
    public int MaxHeight { get; private set; }

    public void Validate(FunctionBody body, FuncType type)
    {
        vals.Clear();
        ctrls.Clear();
        MaxHeight = 0;
        locals = new ValType[type.Params.Length + body.Locals.Length];
        type.Params.CopyTo(locals, 0);
        body.Locals.CopyTo(locals, type.Params.Length);
        brTables = body.BrTables;
        offset = body.Offset;
        PushCtrl(Op.Block, [], type.Results);
        var code = body.Code;
        for (int i = 0; i < code.Length; i++)
        {
            offset = code[i].Offset;
            if (ctrls.Count == 0) throw Error("operators remaining after end of function");
            Step(in code[i]);
        }
        if (ctrls.Count != 0) throw Error("END opcode expected");
    }

    private WasmValidationException Error(string rule) => new(offset, rule);

    // ---- operand stack ----

    private void Push(ValType t)
    {
        vals.Add(t);
        if (vals.Count > MaxHeight) MaxHeight = vals.Count;
    }

    private void Push(ValType[] ts)
    {
        foreach (var t in ts) Push(t);
    }

    private ValType Pop()
    {
        ref var top = ref System.Runtime.InteropServices.CollectionsMarshal.AsSpan(ctrls)[^1];
        if (vals.Count == top.Height)
        {
            if (top.Unreachable) return Unknown;
            throw Error("type mismatch");
        }
        var t = vals[^1];
        vals.RemoveAt(vals.Count - 1);
        return t;
    }

    private ValType Pop(ValType expect)
    {
        var actual = Pop();
        if (actual != expect && actual != Unknown && expect != Unknown)
            throw Error($"type mismatch: expected {expect.Name()}, got {actual.Name()}");
        return actual;
    }

    private void Pop(ValType[] expect)
    {
        for (int i = expect.Length - 1; i >= 0; i--) Pop(expect[i]);
    }

    // ---- control stack ----

    private void PushCtrl(Op opcode, ValType[] start, ValType[] end)
    {
        ctrls.Add(new CtrlFrame { Opcode = opcode, Start = start, End = end, Height = vals.Count });
        Push(start);
    }

    private CtrlFrame PopCtrl()
    {
        if (ctrls.Count == 0) throw Error("unexpected end");
        var frame = ctrls[^1];
        Pop(frame.End);
        if (vals.Count != frame.Height) throw Error("type mismatch: values remaining on stack at end of block");
        ctrls.RemoveAt(ctrls.Count - 1);
        return frame;
    }

    private static ValType[] LabelTypes(in CtrlFrame f) => f.Opcode == Op.Loop ? f.Start : f.End;

    private void SetUnreachable()
    {
        ref var top = ref System.Runtime.InteropServices.CollectionsMarshal.AsSpan(ctrls)[^1];
        vals.RemoveRange(top.Height, vals.Count - top.Height);
        top.Unreachable = true;
    }

    private ref CtrlFrame Label(long depth)
    {
        if (depth < 0 || depth >= ctrls.Count) throw Error("unknown label");
        return ref System.Runtime.InteropServices.CollectionsMarshal.AsSpan(ctrls)[ctrls.Count - 1 - (int)depth];
    }

    private void Step(in Instr ins)
    {
        if (OpSignatures.TryGet(ins.Op, out var sig))
        {
            if (sig.MaxAlign >= 0) CheckMemArg(in ins, sig.MaxAlign);
            for (int i = sig.In.Length - 1; i >= 0; i--) Pop(sig.In[i]);
            if (sig.HasResult) Push(sig.Out);
            return;
        }
        if (StepControl(in ins)) return;
        if (StepVariable(in ins)) return;
        if (StepMemory(in ins)) return;
        if (StepReference(in ins)) return;
        if (StepTable(in ins)) return;
        throw Error($"unsupported instruction {ins.Op}");
    }
}
