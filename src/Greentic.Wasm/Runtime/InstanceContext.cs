namespace Greentic.Wasm.Runtime;

/// <summary>Everything compiled code of one instance touches, as plain fields. Passed as the last argument of
/// every compiled function.</summary>
internal sealed class InstanceContext
{
    public Memory? Memory0;
    public Table[] Tables = [];
    public Global[] Globals = [];
    public Function[] Functions = [];
    /// <summary>Element segments; null once dropped.</summary>
    public object?[]?[] Elems = [];
    /// <summary>Data segments; null once dropped.</summary>
    public byte[]?[] Datas = [];
    public ExecState State = null!;
    public Store Store = null!;
    public Module Module = null!;
}
