using Greentic.Rpc.Internal;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace Greentic.Rpc.Server.Internal;

/// <summary>
/// Answers gRPC requests for services or methods nobody mapped with UNIMPLEMENTED (Trailers-Only, HTTP 200), as a
/// gRPC server must. Only POSTs with a gRPC content-type match (<see cref="GrpcUnimplementedConstraint"/>), so other
/// traffic still gets the app's 404. Literal method routes always win over these parameter routes.
/// </summary>
internal static class UnimplementedEndpoints
{
    public const string ConstraintName = "grpcunimplemented";

    public static void MapService(IEndpointRouteBuilder endpoints, string serviceName, ILogger logger)
    {
        endpoints.Map("/" + serviceName + "/{unimplementedMethod:" + ConstraintName + "}", httpContext =>
        {
            var method = httpContext.Request.RouteValues["unimplementedMethod"]?.ToString() ?? "";
            ServerLog.MethodUnimplemented(logger, serviceName, method);
            return Reply(httpContext, "Method is unimplemented.");
        }).WithDisplayName("gRPC - Unimplemented method for " + serviceName);
    }

    public static void MapFallback(IEndpointRouteBuilder endpoints, ILogger logger)
    {
        endpoints.Map("{unimplementedService}/{unimplementedMethod:" + ConstraintName + "}", httpContext =>
        {
            var service = httpContext.Request.RouteValues["unimplementedService"]?.ToString() ?? "";
            ServerLog.ServiceUnimplemented(logger, service);
            return Reply(httpContext, "Service is unimplemented.");
        }).WithDisplayName("gRPC - Unimplemented service");
    }

    private static Task Reply(HttpContext httpContext, string message)
    {
        var headers = httpContext.Response.Headers;
        headers.ContentType = GrpcProtocol.ContentType;
        headers[GrpcProtocol.StatusTrailer] = GrpcProtocol.StatusToString(StatusCode.Unimplemented);
        headers[GrpcProtocol.MessageTrailer] = PercentEncoding.Encode(message);
        return Task.CompletedTask;
    }
}

/// <summary>Matches only POST requests with a gRPC content-type.</summary>
internal sealed class GrpcUnimplementedConstraint : IRouteConstraint
{
    public bool Match(HttpContext? httpContext, IRouter? route, string routeKey, RouteValueDictionary values, RouteDirection routeDirection) =>
        httpContext is not null &&
        HttpMethods.IsPost(httpContext.Request.Method) &&
        GrpcProtocol.IsGrpcContentType(httpContext.Request.ContentType);
}
