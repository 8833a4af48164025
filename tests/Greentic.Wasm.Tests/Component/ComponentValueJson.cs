using System.Globalization;
using System.Text.Json.Nodes;
using Greentic.Wasm.Component;

namespace Greentic.Wasm.Tests.Component;

/// <summary>The type-directed JSON form of values shared with tests/wasm-components/probe-with-jco.mjs: 64-bit ints
/// as strings, other numbers as numbers, records keyed by WIT field name, variants as {tag, val?}, flags as arrays
/// of set names, option as null or the value, result as {ok} / {err}.</summary>
internal static class ComponentValueJson
{
    public static ComponentValue FromJson(WitType t, JsonNode? j)
    {
        switch (t.Kind)
        {
            case WitKind.Bool: return ComponentValue.Bool(j!.GetValue<bool>());
            case WitKind.S8: return ComponentValue.S8(j!.GetValue<sbyte>());
            case WitKind.U8: return ComponentValue.U8(j!.GetValue<byte>());
            case WitKind.S16: return ComponentValue.S16(j!.GetValue<short>());
            case WitKind.U16: return ComponentValue.U16(j!.GetValue<ushort>());
            case WitKind.S32: return ComponentValue.S32(j!.GetValue<int>());
            case WitKind.U32: return ComponentValue.U32(j!.GetValue<uint>());
            case WitKind.S64: return ComponentValue.S64(long.Parse(j!.GetValue<string>(), CultureInfo.InvariantCulture));
            case WitKind.U64: return ComponentValue.U64(ulong.Parse(j!.GetValue<string>(), CultureInfo.InvariantCulture));
            case WitKind.F32: return ComponentValue.F32((float)j!.GetValue<double>());
            case WitKind.F64: return ComponentValue.F64(j!.GetValue<double>());
            case WitKind.Char: return ComponentValue.Char(char.ConvertToUtf32(j!.GetValue<string>(), 0));
            case WitKind.String: return ComponentValue.String(j!.GetValue<string>());
            case WitKind.List: return ComponentValue.List(j!.AsArray().Select(x => FromJson(t.Element!, x)));
            case WitKind.Tuple: return ComponentValue.Tuple(j!.AsArray().Select((x, i) => FromJson(t.Fields[i].Type, x)).ToArray());
            case WitKind.Record: return ComponentValue.Record(t.Fields.Select(f => FromJson(f.Type, j![f.Name])).ToArray());
            case WitKind.Flags:
            {
                var set = j!.AsArray().Select(x => x!.GetValue<string>()).ToHashSet();
                uint mask = 0;
                for (int i = 0; i < t.Names.Count; i++) if (set.Contains(t.Names[i])) mask |= 1u << i;
                return ComponentValue.Flags(mask);
            }
            case WitKind.Option: return j is null ? ComponentValue.None() : ComponentValue.Some(FromJson(t.Element!, j));
            case WitKind.Result:
            {
                bool ok = j!.AsObject().ContainsKey("ok");
                var payloadType = t.Cases[ok ? 0 : 1].Payload;
                var payload = payloadType is null ? null : FromJson(payloadType, j[ok ? "ok" : "err"]);
                return ok ? ComponentValue.Ok(payload) : ComponentValue.Err(payload);
            }
            case WitKind.Enum: return ComponentValue.Enum(t.Names.ToList().IndexOf(j!.GetValue<string>()));
            default:
            {
                int index = t.Cases.Select(c => c.Name).ToList().IndexOf(j!["tag"]!.GetValue<string>());
                var payloadType = t.Cases[index].Payload;
                return ComponentValue.Variant(index, payloadType is null ? null : FromJson(payloadType, j["val"]));
            }
        }
    }

    public static JsonNode? ToJson(WitType t, ComponentValue v)
    {
        switch (t.Kind)
        {
            case WitKind.Bool: return v.AsBool();
            case WitKind.S8 or WitKind.S16 or WitKind.S32: return v.AsInt64();
            case WitKind.U8 or WitKind.U16 or WitKind.U32: return v.AsUInt64();
            case WitKind.S64: return v.AsInt64().ToString(CultureInfo.InvariantCulture);
            case WitKind.U64: return v.AsUInt64().ToString(CultureInfo.InvariantCulture);
            case WitKind.F32: return (double)v.AsF32();
            case WitKind.F64: return v.AsF64();
            case WitKind.Char: return char.ConvertFromUtf32(v.AsChar());
            case WitKind.String: return v.AsString();
            case WitKind.List: return new JsonArray(v.Items.Select(x => ToJson(t.Element!, x)).ToArray());
            case WitKind.Tuple: return new JsonArray(v.Items.Select((x, i) => ToJson(t.Fields[i].Type, x)).ToArray());
            case WitKind.Record:
            {
                var o = new JsonObject();
                for (int i = 0; i < t.Fields.Count; i++) o[t.Fields[i].Name] = ToJson(t.Fields[i].Type, v.Items[i]);
                return o;
            }
            case WitKind.Flags:
                return new JsonArray(t.Names.Where((_, i) => (v.AsFlags() & (1u << i)) != 0).Select(n => (JsonNode?)n).ToArray());
            case WitKind.Option: return v.IsNone ? null : ToJson(t.Element!, v.Payload!);
            case WitKind.Result:
            {
                var payloadType = t.Cases[v.CaseIndex].Payload;
                return new JsonObject { [v.IsOk ? "ok" : "err"] = payloadType is null ? null : ToJson(payloadType, v.Payload!) };
            }
            case WitKind.Enum: return t.Names[v.CaseIndex];
            default:
            {
                var o = new JsonObject { ["tag"] = t.Cases[v.CaseIndex].Name };
                if (t.Cases[v.CaseIndex].Payload is { } pt) o["val"] = ToJson(pt, v.Payload!);
                return o;
            }
        }
    }
}
