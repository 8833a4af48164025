using Google.Protobuf;
using Greentic.ComponentHost;
using Greentic.Http.V1;
using Greentic.Types.V1;
using Grpc.Core;
using HttpRequest = Greentic.Http.V1.HttpRequest;
using HttpResponse = Greentic.Http.V1.HttpResponse;

namespace Greentic.Sidecar.Host.Components;

/// <summary>
/// A component's http-client import in a sidecar: <c>HttpService.Send</c> on the control plane with the call's tenant
/// context, so the tenant's egress policy decides every hop exactly as it does for a component in process.
/// </summary>
internal sealed class CallbackEgress(ControlPlaneConnection connection, TenantCtx ctx) : IHttpEgress
{
    public async ValueTask<HttpEgressResponse> SendAsync(HttpEgressRequest request, CancellationToken cancellationToken)
    {
        var send = new SendRequest
        {
            Ctx = ctx,
            Request = new HttpRequest { Method = request.Method, Url = request.Url },
        };
        send.Request.Headers.AddRange(request.Headers.Select(h => new KeyValue { Key = h.Key, Value = h.Value }));
        if (request.Body is { } body) send.Request.Body = ByteString.CopyFrom(body.Span);
        if (request.Timeout is not null || request.FollowRedirects is not null)
        {
            send.Options = new RequestOptions();
            if (request.Timeout is { } timeout) send.Options.TimeoutMs = (uint)Math.Clamp(timeout.TotalMilliseconds, 0, uint.MaxValue);
            if (request.FollowRedirects is { } follow) send.Options.FollowRedirects = follow;
        }
        SendResponse response;
        try
        {
            response = await connection.Http.SendAsync(send, connection.Headers, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (RpcException e)
        {
            throw CallbackFailures.ToHost(e, cancellationToken);
        }
        var r = response.Response ?? new HttpResponse();
        return new HttpEgressResponse((int)r.Status, r.Headers.Select(h => new KeyValuePair<string, string>(h.Key, h.Value)).ToList(),
            r.HasBody ? r.Body.Memory : null);
    }
}
