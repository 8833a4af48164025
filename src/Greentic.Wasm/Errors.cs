namespace Greentic.Wasm;

/// <summary>Base of every error the engine reports about a module or an execution.</summary>
public abstract class WasmException : Exception
{
    protected WasmException(string message, Exception? inner = null) : base(message, inner) { }
}

/// <summary>The bytes are not a well-formed WebAssembly binary (spec "malformed").</summary>
public sealed class WasmMalformedException : WasmException
{
    public WasmMalformedException(long offset, string rule)
        : base($"malformed module at byte offset {offset} (0x{offset:x}): {rule}")
    {
        Offset = offset;
        Rule = rule;
    }

    public long Offset { get; }
    public string Rule { get; }
}

/// <summary>The binary is well-formed but does not validate (spec "invalid").</summary>
public sealed class WasmValidationException : WasmException
{
    public WasmValidationException(long offset, string rule, string? context = null)
        : base($"invalid module at byte offset {offset} (0x{offset:x}): {rule}{(context is null ? "" : " (" + context + ")")}")
    {
        Offset = offset;
        Rule = rule;
    }

    public long Offset { get; }
    public string Rule { get; }
}

/// <summary>Instantiation failed because an import is missing or has the wrong type (spec "unlinkable").</summary>
public sealed class WasmLinkException : WasmException
{
    public WasmLinkException(string message) : base(message) { }
}

/// <summary>Why a WebAssembly execution trapped.</summary>
public enum TrapCode
{
    Unreachable,
    MemoryOutOfBounds,
    TableOutOfBounds,
    IntegerDivideByZero,
    IntegerOverflow,
    InvalidConversionToInteger,
    IndirectCallTypeMismatch,
    UndefinedElement,
    UninitializedElement,
    NullReference,
    CallStackExhausted,
    OutOfFuel,
    /// <summary>The store's epoch deadline passed (or <see cref="Store.Interrupt"/> was called).</summary>
    Interrupt,
    /// <summary>A configured resource limit was exceeded in a way that cannot be reported as a failed grow.</summary>
    ResourceLimit,
    /// <summary>A host function failed.</summary>
    HostError,
    /// <summary>A value crossed the component boundary in a form the canonical ABI forbids (misaligned pointer,
    /// invalid UTF-8, out-of-range discriminant or char).</summary>
    CanonicalAbi,
}

/// <summary>A WebAssembly trap. The host, the store and every other instance stay usable after one.</summary>
public sealed class TrapException : WasmException
{
    public TrapException(TrapCode code, string? detail = null, Exception? inner = null)
        : base(detail is null ? Describe(code) : $"{Describe(code)}: {detail}", inner)
    {
        Code = code;
    }

    public TrapCode Code { get; }

    /// <summary>The spec-suite wording of each trap.</summary>
    public static string Describe(TrapCode code) => code switch
    {
        TrapCode.Unreachable => "unreachable",
        TrapCode.MemoryOutOfBounds => "out of bounds memory access",
        TrapCode.TableOutOfBounds => "out of bounds table access",
        TrapCode.IntegerDivideByZero => "integer divide by zero",
        TrapCode.IntegerOverflow => "integer overflow",
        TrapCode.InvalidConversionToInteger => "invalid conversion to integer",
        TrapCode.IndirectCallTypeMismatch => "indirect call type mismatch",
        TrapCode.UndefinedElement => "undefined element",
        TrapCode.UninitializedElement => "uninitialized element",
        TrapCode.NullReference => "null reference",
        TrapCode.CallStackExhausted => "call stack exhausted",
        TrapCode.OutOfFuel => "all fuel consumed",
        TrapCode.Interrupt => "interrupt",
        TrapCode.ResourceLimit => "resource limit exceeded",
        TrapCode.HostError => "host function error",
        TrapCode.CanonicalAbi => "canonical ABI violation",
        _ => code.ToString(),
    };
}
