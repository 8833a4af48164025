using Google.Protobuf;
using Greentic.ComponentHost;
using Greentic.ControlPlane.Components;
using Greentic.ControlPlane.Tenancy;
using Greentic.Http.V1;
using Greentic.Types.V1;
using Grpc.Core;
using HttpResponse = Greentic.Http.V1.HttpResponse;

namespace Greentic.ControlPlane.Services;

/// <summary>
/// <c>greentic.http.v1.HttpService</c>: outbound HTTP for sidecar providers under the calling tenant's network policy —
/// the same egress Wasm components get through their http-client import (<see cref="TenantEgress"/>), so every hop of a
/// redirect is checked against the allow-list and a permitted host cannot bounce a request to a forbidden one.
/// </summary>
public sealed class HttpServiceImpl(TenantEgress egress) : HttpService.HttpServiceBase
{
    public override async Task<SendResponse> Send(SendRequest request, ServerCallContext context)
    {
        var call = context.Authorized();
        var req = request.Request ?? throw new RpcException(new Status(StatusCode.InvalidArgument, "request is missing"));
        var insecure = request.Options?.HasAllowInsecure == true && request.Options.AllowInsecure;
        if (insecure && !egress.PolicyOf(call.Tenant.Tenant).AllowInsecureTls)
            throw new RpcException(new Status(StatusCode.PermissionDenied,
                $"tenant '{call.Tenant.Tenant}' may not send with allow_insecure; its network policy has AllowInsecureTls off"));
        var egressRequest = new HttpEgressRequest(string.IsNullOrEmpty(req.Method) ? "GET" : req.Method, req.Url,
            req.Headers.Select(h => new KeyValuePair<string, string>(h.Key, h.Value)).ToList(), req.HasBody ? req.Body.Memory : null)
        {
            Timeout = request.Options?.HasTimeoutMs == true ? TimeSpan.FromMilliseconds(request.Options.TimeoutMs) : null,
            FollowRedirects = request.Options?.HasFollowRedirects == true ? request.Options.FollowRedirects : null,
        };
        try
        {
            var response = await egress.For(call.Tenant.Tenant, insecure).SendAsync(egressRequest, context.CancellationToken);
            var result = new HttpResponse { Status = (uint)response.Status };
            result.Headers.AddRange(response.Headers.Select(h => new KeyValue { Key = h.Key, Value = h.Value }));
            if (response.Body is { } body) result.Body = UnsafeByteOperations.UnsafeWrap(body);
            return new SendResponse { Response = result };
        }
        catch (HostCallException e)
        {
            var code = e.Code switch
            {
                HostErrorCodes.Denied => StatusCode.PermissionDenied,
                HostErrorCodes.Timeout => StatusCode.DeadlineExceeded,
                HostErrorCodes.TooLarge => StatusCode.ResourceExhausted,
                HostErrorCodes.InvalidInput => StatusCode.InvalidArgument,
                HostErrorCodes.Unavailable => StatusCode.Unavailable,
                _ => StatusCode.Internal,
            };
            throw new RpcException(new Status(code, e.Message));
        }
    }
}
