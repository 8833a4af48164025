using Wasmtime.Components;

namespace Greentic.ComponentHost.Internal.Imports;

/// <summary>
/// <c>greentic:oauth-broker/broker-v1@1.0.0</c>: get-consent-url, exchange-code, get-token, each answering a string.
/// Linked only with <see cref="HostCapabilities.OAuthBroker"/>. The WIT has no error type ("hosts may return empty
/// string on error"), so a failure is an empty string for the guest and a log line (tenant, operation, reason) for the host.
/// </summary>
internal static class OAuthBrokerImport
{
    public const string Interface = "greentic:oauth-broker/broker-v1@1.0.0";

    public static void Define(ComponentLinkerInstance root)
    {
        using var instance = root.AddInstance(Interface);
        instance.DefineFunction("get-consent-url", (a, results) =>
        {
            var (provider, subject, scopes, redirect, extra) = (a[0].AsString(), a[1].AsString(), Strings(a[2]), a[3].AsString(), a[4].AsString());
            results[0] = Run("get-consent-url", (broker, ct) => broker.GetConsentUrlAsync(provider, subject, scopes, redirect, extra, ct));
        });
        instance.DefineFunction("exchange-code", (a, results) =>
        {
            var (provider, subject, code, redirect) = (a[0].AsString(), a[1].AsString(), a[2].AsString(), a[3].AsString());
            results[0] = Run("exchange-code", (broker, ct) => broker.ExchangeCodeAsync(provider, subject, code, redirect, ct));
        });
        instance.DefineFunction("get-token", (a, results) =>
        {
            var (provider, subject, scopes) = (a[0].AsString(), a[1].AsString(), Strings(a[2]));
            results[0] = Run("get-token", (broker, ct) => broker.GetTokenAsync(provider, subject, scopes, ct));
        });
    }

    private static ComponentValue Run(string function, Func<IOAuthBrokerAccess, CancellationToken, ValueTask<string>> operation)
    {
        var call = HostCall.Require(Interface);
        if (call.Context.OAuth is not { } broker)
        {
            Log.OAuthBrokerFailed(call.Context.Logger, function, call.Context.Tenant.Env, call.Context.Tenant.Tenant, "no OAuth broker for this call");
            return ComponentValue.String("");
        }
        var result = "";
        var failure = HostCall.Guard(call, Interface, () => result = HostCall.Wait(operation(broker, call.Cancellation)));
        if (failure is { } f)
        {
            Log.OAuthBrokerFailed(call.Context.Logger, function, call.Context.Tenant.Env, call.Context.Tenant.Tenant, $"{f.Code}: {f.Message}");
            return ComponentValue.String("");
        }
        return ComponentValue.String(result);
    }

    private static IReadOnlyList<string> Strings(ComponentValue list) => list.AsList().Select(v => v.AsString()).ToList();
}
