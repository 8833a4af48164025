using System.Text;
using Wasmtime.Components;

namespace Greentic.ComponentHost.Internal.Imports;

/// <summary>
/// <c>greentic:telemetry/logger-api@1.0.0</c> <c>log(span, fields, ctx)</c>: one log record on the call's logger,
/// tagged with the call's tenant (the span's and ctx's tenant claims are the guest's word and are not used for tags).
/// </summary>
internal static class TelemetryLoggerImport
{
    public const string Interface = "greentic:telemetry/logger-api@1.0.0";
    private const int MaxFieldsChars = 8 * 1024;

    public static void Define(ComponentLinkerInstance root)
    {
        using var instance = root.AddInstance(Interface);
        instance.DefineFunction("log", (arguments, results) => results[0] = Write(arguments[0], arguments[1]));
    }

    private static ComponentValue Write(ComponentValue span, ComponentValue fields)
    {
        var call = HostCall.Require(Interface);
        var text = new StringBuilder();
        foreach (var (key, value) in ComponentValues.ReadPairs(fields))
        {
            if (text.Length > 0) text.Append(", ");
            text.Append(key).Append('=').Append(value);
            if (text.Length > MaxFieldsChars) { text.Length = MaxFieldsChars; text.Append('…'); break; }
        }
        var tenant = call.Context.Tenant;
        Log.GuestTelemetry(call.Context.Logger, tenant.Env, tenant.Tenant, tenant.Team ?? "_", call.Component,
            span.Field("flow-id").AsString(), ComponentValues.ReadOptionalString(span.Field("node-id")) ?? "-", text.ToString());
        return ComponentValues.OkAck();
    }
}
