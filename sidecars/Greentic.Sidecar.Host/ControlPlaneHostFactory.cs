using Google.Protobuf;
using Greentic.Providers;
using Grpc.Core;
using Greentic.Secrets.V1;
using Greentic.State.V1;
using Greentic.Types.V1;

namespace Greentic.Sidecar.Host;

/// <summary>Makes, per provider call, host imports that talk to the control plane with that call's tenant context.</summary>
internal sealed class ControlPlaneHostFactory(ControlPlaneConnection connection) : IProviderHostFactory
{
    private readonly SecretsService.SecretsServiceClient _secrets = connection.Secrets;
    private readonly StateService.StateServiceClient _state = connection.State;

    public IProviderHost ForTenant(TenantCtx tenant) => new Host(this, tenant);

    private Metadata? Headers() => connection.Headers;

    private sealed class Host(ControlPlaneHostFactory f, TenantCtx tenant) : IProviderHost
    {
        public async Task<byte[]?> GetSecretAsync(string key, CancellationToken ct)
        {
            var response = await f._secrets.GetAsync(new GetRequest { Ctx = tenant, Key = key }, f.Headers(), cancellationToken: ct);
            return response.HasValue ? response.Value.ToByteArray() : null;
        }

        public async Task<byte[]?> ReadStateAsync(string key, CancellationToken ct)
        {
            try
            {
                var response = await f._state.ReadAsync(new ReadRequest { Ctx = tenant, Key = key }, f.Headers(), cancellationToken: ct);
                return response.Value.ToByteArray();
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
            {
                return null;
            }
        }

        public async Task WriteStateAsync(string key, ReadOnlyMemory<byte> value, CancellationToken ct) =>
            await f._state.WriteAsync(new WriteRequest { Ctx = tenant, Key = key, Value = ByteString.CopyFrom(value.Span) }, f.Headers(), cancellationToken: ct);

        public async Task DeleteStateAsync(string key, CancellationToken ct) =>
            await f._state.DeleteAsync(new DeleteRequest { Ctx = tenant, Key = key }, f.Headers(), cancellationToken: ct);
    }
}
