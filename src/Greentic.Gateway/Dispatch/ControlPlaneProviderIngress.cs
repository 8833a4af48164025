using System.Collections.Concurrent;
using System.Text.Json;
using Google.Protobuf;
using Grpc.Core;
using Greentic.Gateway.Envelope;
using Greentic.Gateway.Hosting;
using Greentic.Gateway.Webhooks;
using Greentic.Provider.V1;
using Greentic.Types.V1;
using Microsoft.Extensions.Options;

namespace Greentic.Gateway.Dispatch;

/// <summary>
/// <see cref="IProviderIngress"/> over the control plane's public gRPC API: <c>ProviderService.Describe</c>
/// (remembered for <c>ControlPlane:DescribeCacheTtl</c>) and <c>ProviderService.Invoke(op = "ingest_http")</c>,
/// on the one shared channel, with the gateway's credentials, the tenant's <c>TenantCtx</c> and a deadline on
/// every call, so a stuck provider becomes a 504 for the platform rather than a hang.
/// </summary>
internal sealed class ControlPlaneProviderIngress(ControlPlaneChannel channel, IOptionsMonitor<GatewayOptions> options, TimeProvider time) : IProviderIngress
{
    public const string IngestOp = "ingest_http";

    private readonly ConcurrentDictionary<(string, string, string?, string), (bool Supported, DateTimeOffset Expires)> _describe = new();

    public async ValueTask<bool> SupportsIngestHttpAsync(IngressTarget target, CancellationToken cancellationToken)
    {
        var key = (target.Env, target.Tenant, target.Team, target.ProviderType);
        var now = time.GetUtcNow();
        if (_describe.TryGetValue(key, out var cached) && cached.Expires > now) return cached.Supported;
        var client = new ProviderService.ProviderServiceClient(channel.Channel);
        bool supported;
        try
        {
            var response = await client.DescribeAsync(new DescribeRequest { Ctx = Ctx(target), ProviderType = target.ProviderType },
                channel.CallOptions(target.CorrelationId, cancellationToken));
            supported = ListsIngestOp(response.DescribeJson.Span);
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound)
        {
            supported = false;
        }
        catch (RpcException ex)
        {
            throw Map(ex, "Describe");
        }
        _describe[key] = (supported, now + options.CurrentValue.ControlPlane.DescribeCacheTtl);
        return supported;
    }

    public async ValueTask<HttpOutV1> IngestHttpAsync(IngressTarget target, HttpInV1 input, CancellationToken cancellationToken)
    {
        var client = new ProviderService.ProviderServiceClient(channel.Channel);
        InvokeResponse response;
        try
        {
            response = await client.InvokeAsync(new InvokeRequest
            {
                Ctx = Ctx(target),
                ProviderType = target.ProviderType,
                Op = IngestOp,
                InputJson = ByteString.CopyFrom(EnvelopeJson.Serialize(input)),
            }, channel.CallOptions(target.CorrelationId, cancellationToken));
        }
        catch (RpcException ex)
        {
            throw Map(ex, "Invoke(ingest_http)");
        }
        return HttpOutV1Reader.Read(response.OutputJson.Span);
    }

    internal static TenantCtx Ctx(IngressTarget target)
    {
        var ctx = new TenantCtx
        {
            Env = target.Env,
            Tenant = target.Tenant,
            TenantId = target.Tenant,
            ProviderId = target.ProviderType,
            CorrelationId = target.CorrelationId,
        };
        if (target.Team is not null)
        {
            ctx.Team = target.Team;
            ctx.TeamId = target.Team;
        }
        if (target.SessionKey is not null) ctx.SessionId = target.SessionKey;
        if (target.IdempotencyKey is not null) ctx.IdempotencyKey = target.IdempotencyKey;
        return ctx;
    }

    private static bool ListsIngestOp(ReadOnlySpan<byte> describeJson)
    {
        if (Json.ParseObject(describeJson, out _) is not { } describe) return false;
        // CONTRACTS.md names "ops"; upstream's real components (telegram, webchat) describe "operations": [{name, …}].
        foreach (var op in Json.Array(describe, "ops").Concat(Json.Array(describe, "operations")))
        {
            var name = op.ValueKind == JsonValueKind.String ? op.GetString() : Json.Str(op, "name") ?? Json.Str(op, "op");
            if (name == IngestOp) return true;
        }
        return false;
    }

    private static ProviderIngressException Map(RpcException ex, string call) => ex.StatusCode switch
    {
        StatusCode.DeadlineExceeded => new(ProviderIngressFailure.Timeout, $"{call} did not finish before the gateway's deadline", ex),
        StatusCode.Unauthenticated or StatusCode.PermissionDenied =>
            new(ProviderIngressFailure.Refused, $"the control plane refused the gateway's {call} ({ex.StatusCode}): check Greentic:Gateway:ControlPlane credentials and grants", ex),
        _ => new(ProviderIngressFailure.Unavailable, $"{call} failed with {ex.StatusCode}: {ex.Status.Detail}", ex),
    };
}
