using Greentic.Rpc.Health.V1;
using ServingStatus = Greentic.Rpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace Greentic.Rpc.Health;

/// <summary>The health service over <see cref="HealthServiceRegistry"/>; mapped with <c>app.MapRpcHealthService()</c>.</summary>
public sealed class HealthServiceImpl(HealthServiceRegistry registry) : Health.V1.Health.HealthBase
{
    public override Task<HealthCheckResponse> Check(HealthCheckRequest request, ServerCallContext context)
    {
        if (!registry.TryGetStatus(request.Service, out var status))
            throw new RpcException(new Status(StatusCode.NotFound, $"Service '{request.Service}' is unknown."));
        return Task.FromResult(new HealthCheckResponse { Status = status });
    }

    public override async Task Watch(HealthCheckRequest request, IServerStreamWriter<HealthCheckResponse> responseStream, ServerCallContext context)
    {
        using var watch = registry.Watch(request.Service);
        var token = context.CancellationToken;
        ServingStatus? last = null;
        try
        {
            while (await watch.Reader.WaitToReadAsync(token).ConfigureAwait(false))
            {
                while (watch.Reader.TryRead(out var status))
                {
                    if (status == last) continue;
                    last = status;
                    await responseStream.WriteAsync(new HealthCheckResponse { Status = status }, token).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // The client stopped watching (or its deadline passed): the stream simply ends.
        }
    }
}
