using Wasmtime.Components;

namespace Greentic.ComponentHost.Internal.Imports;

/// <summary>
/// <c>greentic:state/state-store@1.0.0</c>: read, write, delete. Linked only when the component is granted state;
/// write and delete answer <c>denied</c> without <see cref="HostCapabilities.StateWrite"/>. The guest's
/// <c>ctx</c> argument is ignored: keys belong to the call's tenant.
/// </summary>
internal static class StateStoreImport
{
    public const string Interface = "greentic:state/state-store@1.0.0";

    public static void Define(ComponentLinkerInstance root, HostCapabilities grants)
    {
        var canWrite = grants.HasFlag(HostCapabilities.StateWrite);
        using var instance = root.AddInstance(Interface);
        instance.DefineFunction("read", (arguments, results) => results[0] = Read(arguments[0].AsString()));
        instance.DefineFunction("write", (arguments, results) =>
            results[0] = canWrite ? Write(arguments[0].AsString(), arguments[1]) : Denied("write"));
        instance.DefineFunction("delete", (arguments, results) =>
            results[0] = canWrite ? Delete(arguments[0].AsString()) : Denied("delete"));
    }

    private static ComponentValue Denied(string operation) =>
        ComponentValues.ErrHostError(HostErrorCodes.Denied, $"state {operation} is not granted to this component");

    private static IStateAccess? Access(CallState call) => call.Context.State;

    private static ComponentValue Read(string key)
    {
        var call = HostCall.Require(Interface);
        if (Access(call) is not { } state) return Unavailable();
        ReadOnlyMemory<byte>? value = null;
        var failure = HostCall.Guard(call, Interface, () => value = HostCall.Wait(state.ReadAsync(key, call.Cancellation)));
        if (failure is { } f) return ComponentValues.ErrHostError(f.Code, f.Message);
        return value is { } v
            ? ComponentValue.Ok(ComponentValues.Bytes(v.Span))
            : ComponentValues.ErrHostError(HostErrorCodes.NotFound, $"no state under '{key}'");
    }

    private static ComponentValue Write(string key, ComponentValue bytes)
    {
        var call = HostCall.Require(Interface);
        if (Access(call) is not { } state) return Unavailable();
        var value = ComponentValues.ReadBytes(bytes);
        var failure = HostCall.Guard(call, Interface, () => HostCall.Wait(state.WriteAsync(key, value, call.Cancellation)));
        return failure is { } f ? ComponentValues.ErrHostError(f.Code, f.Message) : ComponentValues.OkAck();
    }

    private static ComponentValue Delete(string key)
    {
        var call = HostCall.Require(Interface);
        if (Access(call) is not { } state) return Unavailable();
        var failure = HostCall.Guard(call, Interface, () => HostCall.Wait(state.DeleteAsync(key, call.Cancellation)));
        return failure is { } f ? ComponentValues.ErrHostError(f.Code, f.Message) : ComponentValues.OkAck();
    }

    private static ComponentValue Unavailable() =>
        ComponentValues.ErrHostError(HostErrorCodes.Unavailable, "this call has no state store");
}
