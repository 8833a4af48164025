using System.Collections.Concurrent;
using Greentic.ControlPlane.Tenancy;
using Greentic.Types.V1;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Greentic.Conformance.Harness;

/// <summary>
/// Every callback the provider makes into the suite's control plane (SecretsService, StateService, HttpService): its
/// method, tenant, key, call id and the status it got. The deadline check reads it to see work done after a call
/// ended; the evidence of tenancy checks names what was asked for.
/// </summary>
internal sealed class CallbackRecorder(TimeProvider time) : Interceptor
{
    private static readonly string[] Services = ["/greentic.secrets.v1.", "/greentic.state.v1.", "/greentic.http.v1."];
    private readonly ConcurrentQueue<RecordedCallback> calls = new();

    public IReadOnlyList<RecordedCallback> Calls => calls.ToArray();

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context,
        UnaryServerMethod<TRequest, TResponse> continuation)
    {
        if (!Services.Any(s => context.Method.StartsWith(s, StringComparison.Ordinal))) return await continuation(request, context);
        var (ctx, key) = Describe(request);
        var status = StatusCode.OK;
        try
        {
            return await continuation(request, context);
        }
        catch (RpcException e)
        {
            status = e.StatusCode;
            throw;
        }
        finally
        {
            var callId = ctx?.Attributes.FirstOrDefault(a => a.Key == InFlightCalls.AttributeName)?.Value;
            calls.Enqueue(new RecordedCallback(time.GetUtcNow(), context.Method, ctx?.Tenant ?? "", key, callId, status));
        }
    }

    private static (TenantCtx? Ctx, string Key) Describe(object request) => request switch
    {
        Secrets.V1.GetRequest r => (r.Ctx, r.Key),
        State.V1.ReadRequest r => (r.Ctx, r.Key),
        State.V1.WriteRequest r => (r.Ctx, r.Key),
        State.V1.DeleteRequest r => (r.Ctx, r.Key),
        Http.V1.SendRequest r => (r.Ctx, r.Request?.Url ?? ""),
        _ => (null, ""),
    };
}

/// <param name="Method">The gRPC method, e.g. <c>/greentic.state.v1.StateService/Write</c>.</param>
/// <param name="Key">The secret or state key, or the URL of an HTTP request.</param>
internal sealed record RecordedCallback(DateTimeOffset At, string Method, string Tenant, string Key, string? CallId, StatusCode Status);
