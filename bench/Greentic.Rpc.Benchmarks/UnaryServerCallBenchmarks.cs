using System.Buffers.Binary;
using BenchmarkDotNet.Attributes;
using Google.Protobuf;
using Greentic.Rpc.Health.V1;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Greentic.Rpc.Benchmarks;

/// <summary>
/// The server's own cost of one unary call: the endpoint's RequestDelegate run on a reused in-process HttpContext
/// (content-type and protocol checks, call context, reading and parsing the request frame, the handler, framing the
/// response, status trailers). No sockets, no Kestrel HTTP/2 framing.
/// </summary>
[MemoryDiagnoser]
public class UnaryServerCallBenchmarks
{
    private InProcessHttpContext _context = null!;
    private RequestDelegate _endpoint = null!;

    /// <summary>A handler that does nothing but answer: what is measured is the wire layer around it.</summary>
    public sealed class CachedHealthService : Health.V1.Health.HealthBase
    {
        private static readonly Task<HealthCheckResponse> Serving = Task.FromResult(new HealthCheckResponse { Status = HealthCheckResponse.Types.ServingStatus.Serving });
        public override Task<HealthCheckResponse> Check(HealthCheckRequest request, ServerCallContext context) => Serving;
    }

    [Params(false, true)]
    public bool WithDeadline { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddRpc();
        var app = builder.Build();
        app.MapRpcService<CachedHealthService>();
        var route = (IEndpointRouteBuilder)app;
        _endpoint = route.DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>()
            .First(e => e.RoutePattern.RawText == Health.V1.Health.CheckMethod.FullName).RequestDelegate!;

        var request = new HealthCheckRequest { Service = "greentic.provider.v1.ProviderService" }.ToByteArray();
        var body = new byte[5 + request.Length];
        BinaryPrimitives.WriteUInt32BigEndian(body.AsSpan(1), (uint)request.Length);
        request.CopyTo(body, 5);
        _context = new InProcessHttpContext(app.Services, Health.V1.Health.CheckMethod.FullName, body);
        if (WithDeadline) _context.HttpContext.Request.Headers["grpc-timeout"] = "10S";

        // Check once that the call really succeeds before timing it.
        UnaryCall().GetAwaiter().GetResult();
        if (_context.Trailers["grpc-status"] != "0" || _context.Output.Length != 7)
            throw new InvalidOperationException($"Bad call: status {_context.Trailers["grpc-status"]}/{_context.Headers["grpc-status"]}, {_context.Output.Length} bytes.");
    }

    [Benchmark]
    public Task UnaryCall()
    {
        _context.Reset();
        return _endpoint(_context.HttpContext);
    }
}
