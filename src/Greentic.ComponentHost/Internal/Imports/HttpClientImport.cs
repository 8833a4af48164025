using Wasmtime.Components;

namespace Greentic.ComponentHost.Internal.Imports;

/// <summary>
/// <c>greentic:http/http-client@1.1.0</c> <c>send(req, opts, ctx)</c> and <c>@1.0.0</c> <c>send(req, ctx)</c>,
/// through the call's <see cref="IHttpEgress"/> (which applies the egress policy). The request's time is bounded by
/// the call's remaining budget; the guest's <c>ctx</c> is ignored.
/// </summary>
internal static class HttpClientImport
{
    public const string Interface = "greentic:http/http-client@1.1.0";
    public const string InterfaceV1 = "greentic:http/http-client@1.0.0";

    public static void Define(ComponentLinkerInstance root)
    {
        using (var instance = root.AddInstance(Interface))
            instance.DefineFunction("send", (arguments, results) => results[0] = Send(arguments[0], arguments[1]));
        using (var instance = root.AddInstance(InterfaceV1))
            instance.DefineFunction("send", (arguments, results) => results[0] = Send(arguments[0], null));
    }

    private static ComponentValue Send(ComponentValue request, ComponentValue? options)
    {
        var call = HostCall.Require(Interface);
        var opts = options is { IsSome: true } ? options.Payload : null;
        var timeoutMs = opts is null ? null : ComponentValues.OptionalField(opts, "timeout-ms")?.AsU32();
        var follow = opts is null ? null : ComponentValues.OptionalField(opts, "follow-redirects")?.AsBool();
        var egressRequest = new HttpEgressRequest(
            request.Field("method").AsString(),
            request.Field("url").AsString(),
            ComponentValues.ReadPairs(request.Field("headers")),
            ComponentValues.ReadOptionalBytes(request.Field("body")))
        {
            Timeout = timeoutMs is { } ms ? TimeSpan.FromMilliseconds(ms) : null,
            FollowRedirects = follow,
        };

        var remaining = call.Remaining;
        if (remaining <= TimeSpan.Zero)
            return ComponentValues.ErrHostError(HostErrorCodes.Timeout, "the call's deadline has passed");
        var budget = egressRequest.Timeout is { } t && t < remaining ? t : remaining;

        HttpEgressResponse? response = null;
        var failure = HostCall.Guard(call, Interface, () =>
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(call.Cancellation);
            timeout.CancelAfter(budget);
            try
            {
                response = HostCall.Wait(call.Context.Http.SendAsync(egressRequest, timeout.Token));
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested && !call.Cancellation.IsCancellationRequested)
            {
                throw new HostCallException(HostErrorCodes.Timeout, $"no response within {budget.TotalMilliseconds:0} ms");
            }
        });
        if (failure is { } f) return ComponentValues.ErrHostError(f.Code, f.Message);
        return ComponentValue.Ok(ComponentValue.Record(
        [
            new("status", ComponentValue.U16((ushort)Math.Clamp(response!.Status, 0, ushort.MaxValue))),
            new("headers", ComponentValues.Pairs(response.Headers)),
            new("body", ComponentValues.OptionalBytes(response.Body)),
        ]));
    }
}
