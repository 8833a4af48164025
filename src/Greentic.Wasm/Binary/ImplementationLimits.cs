namespace Greentic.Wasm.Binary;

/// <summary>Implementation limits (the same values as wasmparser/wasmtime). A module beyond them is rejected at
/// decode time with a <see cref="WasmMalformedException"/> naming the limit; the spec allows engines such limits.</summary>
internal static class ImplementationLimits
{
    public const int Types = 1_000_000;
    public const int Functions = 1_000_000;
    public const int Imports = 100_000;
    public const int Exports = 100_000;
    public const int Globals = 1_000_000;
    public const int Tables = 100_000;
    public const int ElementSegments = 100_000;
    public const int DataSegments = 100_000;
    public const int Params = 1_000;
    public const int Results = 1_000;
    public const int Locals = 50_000;
    public const int FunctionBodyBytes = 7_654_321;
    public const int ElementItems = 10_000_000;
}
