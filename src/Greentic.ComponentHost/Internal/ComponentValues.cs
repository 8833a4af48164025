using Wasmtime.Components;

namespace Greentic.ComponentHost.Internal;

/// <summary>
/// Builds and reads the WIT values the host imports exchange. Records list their fields in WIT order; options and
/// results use the shapes Wasmtime type-checks when a host function returns (a wrong shape traps the guest).
/// </summary>
internal static class ComponentValues
{
    public static ComponentValue Bytes(ReadOnlySpan<byte> bytes)
    {
        var items = new ComponentValue[bytes.Length];
        for (var i = 0; i < bytes.Length; i++) items[i] = ComponentValue.U8(bytes[i]);
        return ComponentValue.List(items);
    }

    public static byte[] ReadBytes(ComponentValue list)
    {
        var items = list.AsList();
        var bytes = new byte[items.Count];
        for (var i = 0; i < bytes.Length; i++) bytes[i] = items[i].AsU8();
        return bytes;
    }

    public static ComponentValue OptionalBytes(ReadOnlyMemory<byte>? bytes) =>
        bytes is { } b ? ComponentValue.Some(Bytes(b.Span)) : ComponentValue.None();

    public static ReadOnlyMemory<byte>? ReadOptionalBytes(ComponentValue option) =>
        option.IsSome ? ReadBytes(option.Payload!) : null;

    public static ComponentValue HostError(string code, string message) => ComponentValue.Record(
    [
        new("code", ComponentValue.String(code)),
        new("message", ComponentValue.String(message)),
    ]);

    public static ComponentValue ErrHostError(string code, string message) => ComponentValue.Err(HostError(code, message));

    /// <summary><c>ok(op-ack::ok)</c>.</summary>
    public static ComponentValue OkAck() => ComponentValue.Ok(ComponentValue.Enum("ok"));

    public static ComponentValue Pairs(IReadOnlyList<KeyValuePair<string, string>> pairs)
    {
        var items = new ComponentValue[pairs.Count];
        for (var i = 0; i < items.Length; i++)
            items[i] = ComponentValue.Tuple([ComponentValue.String(pairs[i].Key), ComponentValue.String(pairs[i].Value)]);
        return ComponentValue.List(items);
    }

    public static List<KeyValuePair<string, string>> ReadPairs(ComponentValue list)
    {
        var items = list.AsList();
        var pairs = new List<KeyValuePair<string, string>>(items.Count);
        foreach (var item in items)
        {
            var tuple = item.AsTuple();
            pairs.Add(new(tuple[0].AsString(), tuple[1].AsString()));
        }
        return pairs;
    }

    public static string? ReadOptionalString(ComponentValue option) => option.IsSome ? option.Payload!.AsString() : null;

    public static ComponentValue? OptionalField(ComponentValue record, string name) =>
        record.TryGetField(name, out var value) && value is { IsSome: true } ? value.Payload : null;
}
