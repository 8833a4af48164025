using Wasmtime.Components;

namespace Greentic.ComponentHost.Internal.Imports;

/// <summary><c>greentic:secrets-store/secrets-store@1.0.0</c>: <c>get(key) -> result&lt;option&lt;list&lt;u8&gt;&gt;, secrets-error&gt;</c>.</summary>
internal static class SecretsStoreImport
{
    public const string Interface = "greentic:secrets-store/secrets-store@1.0.0";

    public static void Define(ComponentLinkerInstance root)
    {
        using var instance = root.AddInstance(Interface);
        instance.DefineFunction("get", (arguments, results) => results[0] = Get(arguments[0].AsString()));
    }

    private static ComponentValue Get(string key)
    {
        var call = HostCall.Require(Interface);
        if (string.IsNullOrWhiteSpace(key) || key.Length > 1024) return ComponentValue.Err(ComponentValue.Enum("invalid-key"));
        var lookup = SecretLookup.Internal;
        var failure = HostCall.Guard(call, Interface,
            () => lookup = HostCall.Wait(call.Context.Secrets.GetAsync(key, call.Cancellation)));
        if (failure is not null) lookup = SecretLookup.Internal;
        return lookup.Status switch
        {
            SecretLookupStatus.Found => ComponentValue.Ok(ComponentValue.Some(ComponentValues.Bytes(lookup.Value.Span))),
            SecretLookupStatus.NotFound => ComponentValue.Ok(ComponentValue.None()),
            SecretLookupStatus.Denied => ComponentValue.Err(ComponentValue.Enum("denied")),
            SecretLookupStatus.InvalidKey => ComponentValue.Err(ComponentValue.Enum("invalid-key")),
            _ => ComponentValue.Err(ComponentValue.Enum("internal")),
        };
    }
}
