using Wasmtime.Components;

namespace Greentic.ComponentHost.Internal;

/// <summary>The same call as <see cref="BulkByteListCall"/> through wasmtime-dotnet's values (one object per byte).</summary>
internal static class PerElementByteListCall
{
    public static byte[] Call(ComponentFunction function, string? text, bool hasBytes, ReadOnlySpan<byte> bytes, int maxOutputBytes)
    {
        var arguments = new List<ComponentValue>(2);
        if (text is not null) arguments.Add(ComponentValue.String(text));
        if (hasBytes) arguments.Add(ComponentValues.Bytes(bytes));
        var result = function.Call(arguments) ?? throw new Wasmtime.WasmtimeException("the export returned no value");
        var count = result.AsList().Count;
        if (count > maxOutputBytes)
            throw new ComponentException(ComponentErrorKind.ResourceExhausted,
                $"the component's output of {count} bytes exceeds the limit of {maxOutputBytes} bytes");
        return ComponentValues.ReadBytes(result);
    }
}
