using Greentic.ControlPlane.Errors;
using Grpc.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Greentic.ControlPlane.Hosting;

/// <summary>
/// The safety net for failures grpc-dotnet answers itself, before or outside any handler — an unknown service or
/// method (UNIMPLEMENTED), a request message it cannot read — which neither <see cref="StatusDetailsInterceptor"/>
/// nor the pipeline's own refusals see. A gRPC response that ends with a non-OK <c>grpc-status</c> and no
/// <c>grpc-status-details-bin</c> gets one named after its status code, with the same code and message. Status in the
/// headers (Trailers-Only) is completed as the headers go out; status in the trailers, once the endpoint has returned.
/// </summary>
internal sealed class GrpcStatusDetailsFallback(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) != true)
        {
            await next(context);
            return;
        }
        context.Response.OnStarting(static state =>
        {
            Complete(((HttpContext)state).Response.Headers);
            return Task.CompletedTask;
        }, context);
        await next(context);
        if (context.Features.Get<IHttpResponseTrailersFeature>()?.Trailers is { IsReadOnly: false } trailers) Complete(trailers);
    }

    private static void Complete(IHeaderDictionary headers)
    {
        if (!headers.TryGetValue("grpc-status", out var value) || !int.TryParse(value.ToString(), out var code) || code == 0) return;
        if (headers.ContainsKey(StatusDetails.TrailerName)) return;
        var message = Uri.UnescapeDataString(headers.TryGetValue("grpc-message", out var m) ? m.ToString() : "");
        headers[StatusDetails.TrailerName] = StatusDetails.HeaderValue((StatusCode)code, message, ErrorCause.Of(ErrorReasons.ForStatus((StatusCode)code)));
    }
}
