using Greentic.ComponentHost;
using Greentic.Secrets.V1;
using Greentic.Types.V1;
using Grpc.Core;

namespace Greentic.Sidecar.Host.Components;

/// <summary>
/// A component's secrets import in a sidecar: <c>SecretsService.Get</c> on the control plane with the call's tenant
/// context, which binds it to the call in flight and its binding's allow-list. Statuses map back to what the
/// in-process import answers: PERMISSION_DENIED is <c>denied</c>, INVALID_ARGUMENT <c>invalid-key</c>.
/// </summary>
internal sealed class CallbackSecrets(ControlPlaneConnection connection, TenantCtx ctx) : ISecretsAccess
{
    public async ValueTask<SecretLookup> GetAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            var response = await connection.Secrets.GetAsync(new GetRequest { Ctx = ctx, Key = key }, connection.Headers,
                cancellationToken: cancellationToken).ConfigureAwait(false);
            return response.HasValue ? SecretLookup.Found(response.Value.Memory) : SecretLookup.NotFound;
        }
        catch (RpcException e) when (!cancellationToken.IsCancellationRequested)
        {
            return e.StatusCode switch
            {
                StatusCode.PermissionDenied => SecretLookup.Denied,
                StatusCode.InvalidArgument => SecretLookup.InvalidKey,
                StatusCode.NotFound => SecretLookup.NotFound,
                _ => SecretLookup.Internal,
            };
        }
    }
}
