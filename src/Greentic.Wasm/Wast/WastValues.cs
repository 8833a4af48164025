using System.Globalization;
using System.Text.Json;

namespace Greentic.Wasm.Wast;

/// <summary>Parses wast2json values and checks results, including nan:canonical / nan:arithmetic patterns.</summary>
internal sealed class WastValues
{
    /// <summary>The host reference <c>ref.extern N</c>: one object per N, so identity survives a round trip.</summary>
    public sealed record HostRef(ulong Id)
    {
        public override string ToString() => $"ref.extern {Id}";
    }

    private readonly Dictionary<ulong, HostRef> hostRefs = new();

    public HostRef ExternRef(ulong id)
    {
        if (!hostRefs.TryGetValue(id, out var r)) hostRefs[id] = r = new HostRef(id);
        return r;
    }

    public static ValType ParseType(string t) => t switch
    {
        "i32" => ValType.I32,
        "i64" => ValType.I64,
        "f32" => ValType.F32,
        "f64" => ValType.F64,
        "v128" => ValType.V128,
        "funcref" => ValType.FuncRef,
        "externref" => ValType.ExternRef,
        _ => throw new NotSupportedException($"value type {t}"),
    };

    public Value ParseArg(JsonElement v)
    {
        var type = ParseType(v.GetProperty("type").GetString()!);
        if (type == ValType.V128) throw new NotSupportedException("v128 values (SIMD) are not supported yet");
        string s = v.GetProperty("value").GetString()!;
        return type switch
        {
            ValType.I32 => Value.I32((int)uint.Parse(s, CultureInfo.InvariantCulture)),
            ValType.I64 => Value.I64((long)ulong.Parse(s, CultureInfo.InvariantCulture)),
            ValType.F32 => Value.F32Bits((int)uint.Parse(s, CultureInfo.InvariantCulture)),
            ValType.F64 => Value.F64Bits((long)ulong.Parse(s, CultureInfo.InvariantCulture)),
            ValType.FuncRef => s == "null" ? Value.Null(ValType.FuncRef) : throw new NotSupportedException("funcref argument other than null"),
            _ => s == "null" ? Value.Null(ValType.ExternRef) : Value.ExternRef(ExternRef(ulong.Parse(s, CultureInfo.InvariantCulture))),
        };
    }

    /// <summary>Null when the actual value matches the expectation, else a description of the mismatch.</summary>
    public string? Check(JsonElement expected, Value actual)
    {
        var type = ParseType(expected.GetProperty("type").GetString()!);
        if (type == ValType.V128) return "v128 results (SIMD) are not supported yet";
        if (actual.Type != type) return $"expected a {type.Name()}, got {actual}";
        string s = expected.TryGetProperty("value", out var ve) ? ve.GetString()! : "";
        switch (type)
        {
            case ValType.I32:
                return (uint)actual.AsI32() == uint.Parse(s, CultureInfo.InvariantCulture) ? null : $"expected i32 {(int)uint.Parse(s, CultureInfo.InvariantCulture)}, got {actual}";
            case ValType.I64:
                return (ulong)actual.AsI64() == ulong.Parse(s, CultureInfo.InvariantCulture) ? null : $"expected i64 {(long)ulong.Parse(s, CultureInfo.InvariantCulture)}, got {actual}";
            case ValType.F32:
            {
                uint bits = (uint)actual.F32Bits();
                if (s == "nan:canonical") return (bits & 0x7FFFFFFF) == 0x7FC00000 ? null : $"expected canonical NaN, got {actual}";
                if (s == "nan:arithmetic") return (bits & 0x7FC00000) == 0x7FC00000 ? null : $"expected arithmetic NaN, got {actual}";
                uint want = uint.Parse(s, CultureInfo.InvariantCulture);
                return bits == want ? null : $"expected f32 bits 0x{want:x8}, got {actual}";
            }
            case ValType.F64:
            {
                ulong bits = (ulong)actual.F64Bits();
                if (s == "nan:canonical") return (bits & 0x7FFFFFFFFFFFFFFF) == 0x7FF8000000000000 ? null : $"expected canonical NaN, got {actual}";
                if (s == "nan:arithmetic") return (bits & 0x7FF8000000000000) == 0x7FF8000000000000 ? null : $"expected arithmetic NaN, got {actual}";
                ulong want = ulong.Parse(s, CultureInfo.InvariantCulture);
                return bits == want ? null : $"expected f64 bits 0x{want:x16}, got {actual}";
            }
            case ValType.FuncRef:
                if (s == "null") return actual.IsNull ? null : $"expected null funcref, got {actual}";
                return actual.IsNull ? "expected a non-null funcref, got null" : null;
            default:
                if (s == "null") return actual.IsNull ? null : $"expected null externref, got {actual}";
                if (s == "") return actual.IsNull ? "expected a non-null externref, got null" : null;
                return ReferenceEquals(actual.AsRef(), ExternRef(ulong.Parse(s, CultureInfo.InvariantCulture))) ? null : $"expected ref.extern {s}, got {actual}";
        }
    }
}
