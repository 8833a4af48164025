using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using Wasmtime;
using Wasmtime.Components;

namespace Greentic.ComponentHost.Internal;

/// <summary>
/// Calls a provider export whose parameters are a string and/or a <c>list&lt;u8&gt;</c> and whose result is a
/// <c>list&lt;u8&gt;</c>, writing and reading Wasmtime's <c>wasmtime_component_val_t</c> arrays directly
/// (P/Invoke of <c>wasmtime_component_func_call</c> in the libwasmtime the package ships). wasmtime-dotnet's
/// <c>ComponentFunction.Call</c> builds one managed <c>ComponentValue</c> per byte each way; here a byte costs one
/// 32-byte native slot write and one read, and the output size is checked before anything is copied.
/// wasmtime-dotnet keeps the function handle and the store context internal: they are read once per call by
/// reflection (checked at startup; <see cref="IsAvailable"/> is false if this Wasmtime.Dotnet build differs).
/// </summary>
internal static unsafe class BulkByteListCall
{
    private const int ValueSize = 32;
    private const byte KindU8 = 2;
    private const byte KindString = 12;
    private const byte KindList = 13;

    private static readonly FieldInfo? FuncField =
        typeof(ComponentFunction).GetField("func", BindingFlags.NonPublic | BindingFlags.Instance);

    public static readonly bool IsAvailable =
        FuncField is { FieldType.IsValueType: true } && Marshal.SizeOf(FuncField.FieldType) == sizeof(FuncHandle) &&
        typeof(Store).GetField("contextHandle", BindingFlags.NonPublic | BindingFlags.Instance)?.FieldType == typeof(nint);

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "contextHandle")]
    private static extern ref nint ContextHandle(Store store);

    /// <summary>The 32 opaque bytes of <c>wasmtime_component_func_t</c> as wasmtime-dotnet 50 lays it out.</summary>
    [StructLayout(LayoutKind.Sequential, Size = 32)]
    private struct FuncHandle
    {
        public long A, B, C, D;
    }

    /// <summary>Reads the payload of a boxed struct as its first field.</summary>
    private sealed class Box
    {
#pragma warning disable CS0649 // never assigned: the object is a boxed FuncHandle reinterpreted
        public FuncHandle Value;
#pragma warning restore CS0649
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct ByteVec
    {
        public nuint Size;
        public byte* Data;
    }

    [DllImport("wasmtime")]
    private static extern nint wasmtime_component_func_call(FuncHandle* func, nint context, byte* args, nuint argsSize, byte* results, nuint resultsSize);

    [DllImport("wasmtime")]
    private static extern void wasmtime_component_val_delete(byte* value);

    [DllImport("wasmtime")]
    private static extern void wasmtime_error_message(nint error, out ByteVec message);

    [DllImport("wasmtime")]
    private static extern void wasmtime_error_delete(nint error);

    [DllImport("wasmtime")]
    private static extern void wasm_byte_vec_delete(ref ByteVec vec);

    /// <summary>Calls <paramref name="function"/> with an optional string and an optional byte list.</summary>
    /// <exception cref="WasmtimeException">The guest trapped or the call failed (message as Wasmtime words it).</exception>
    /// <exception cref="ComponentException">The output exceeds <paramref name="maxOutputBytes"/>.</exception>
    public static byte[] Call(Store store, ComponentFunction function, string? text, bool hasBytes, ReadOnlySpan<byte> bytes, int maxOutputBytes)
    {
        var handle = Unsafe.As<Box>(FuncField!.GetValue(function)!).Value;
        var argCount = (text is null ? 0 : 1) + (hasBytes ? 1 : 0);
        var args = stackalloc byte[2 * ValueSize];
        var result = stackalloc byte[ValueSize];
        new Span<byte>(args, 2 * ValueSize).Clear();
        new Span<byte>(result, ValueSize).Clear();
        byte* textData = null;
        byte* listData = null;
        try
        {
            var slot = args;
            if (text is not null)
            {
                var length = Encoding.UTF8.GetByteCount(text);
                textData = (byte*)NativeMemory.Alloc((nuint)Math.Max(length, 1));
                Encoding.UTF8.GetBytes(text, new Span<byte>(textData, length));
                WriteVector(slot, KindString, length, textData);
                slot += ValueSize;
            }
            if (hasBytes)
            {
                listData = (byte*)NativeMemory.Alloc((nuint)Math.Max(bytes.Length * ValueSize, 1));
                var p = listData;
                foreach (var b in bytes)
                {
                    p[0] = KindU8;
                    p[8] = b;
                    p += ValueSize;
                }
                WriteVector(slot, KindList, bytes.Length, listData);
            }

            var error = wasmtime_component_func_call(&handle, ContextHandle(store), args, (nuint)argCount, result, 1);
            GC.KeepAlive(store);
            GC.KeepAlive(function);
            if (error != 0) throw new WasmtimeException(TakeMessage(error));
            try
            {
                return ReadByteList(result, maxOutputBytes);
            }
            finally
            {
                wasmtime_component_val_delete(result);
            }
        }
        finally
        {
            if (textData is not null) NativeMemory.Free(textData);
            if (listData is not null) NativeMemory.Free(listData);
        }
    }

    private static void WriteVector(byte* slot, byte kind, int count, byte* data)
    {
        slot[0] = kind;
        *(nuint*)(slot + 8) = (nuint)count;
        *(byte**)(slot + 16) = data;
    }

    private static byte[] ReadByteList(byte* value, int maxOutputBytes)
    {
        if (value[0] != KindList) throw new WasmtimeException($"the export returned a value of kind {value[0]}, not list<u8>");
        var count = *(nuint*)(value + 8);
        if (count > (nuint)maxOutputBytes)
            throw new ComponentException(ComponentErrorKind.ResourceExhausted,
                $"the component's output of {count} bytes exceeds the limit of {maxOutputBytes} bytes");
        var data = *(byte**)(value + 16);
        var output = GC.AllocateUninitializedArray<byte>((int)count);
        for (var i = 0; i < output.Length; i++)
        {
            var item = data + (nint)i * ValueSize;
            if (item[0] != KindU8) throw new WasmtimeException("the export's list is not a list<u8>");
            output[i] = item[8];
        }
        return output;
    }

    private static string TakeMessage(nint error)
    {
        try
        {
            wasmtime_error_message(error, out var message);
            try
            {
                return Encoding.UTF8.GetString(message.Data, (int)message.Size);
            }
            finally
            {
                wasm_byte_vec_delete(ref message);
            }
        }
        finally
        {
            wasmtime_error_delete(error);
        }
    }
}
