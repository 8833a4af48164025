using Google.Protobuf;
using Greentic.ComponentHost;
using Greentic.State.V1;
using Greentic.Types.V1;
using Grpc.Core;

namespace Greentic.Sidecar.Host.Components;

/// <summary>
/// A component's state import in a sidecar: <c>StateService</c> on the control plane with the call's tenant context,
/// in the provider's namespace (the control plane picks it from the call in flight, as it does in process).
/// NOT_FOUND on read is an absent value.
/// </summary>
internal sealed class CallbackState(ControlPlaneConnection connection, TenantCtx ctx) : IStateAccess
{
    public async ValueTask<ReadOnlyMemory<byte>?> ReadAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            var response = await connection.State.ReadAsync(new ReadRequest { Ctx = ctx, Key = key }, connection.Headers,
                cancellationToken: cancellationToken).ConfigureAwait(false);
            return response.Value.Memory;
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.NotFound && !cancellationToken.IsCancellationRequested)
        {
            return null;
        }
        catch (RpcException e)
        {
            throw CallbackFailures.ToHost(e, cancellationToken);
        }
    }

    public async ValueTask WriteAsync(string key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken)
    {
        try
        {
            await connection.State.WriteAsync(new WriteRequest { Ctx = ctx, Key = key, Value = ByteString.CopyFrom(value.Span) },
                connection.Headers, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (RpcException e)
        {
            throw CallbackFailures.ToHost(e, cancellationToken);
        }
    }

    public async ValueTask DeleteAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            await connection.State.DeleteAsync(new DeleteRequest { Ctx = ctx, Key = key }, connection.Headers,
                cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (RpcException e)
        {
            throw CallbackFailures.ToHost(e, cancellationToken);
        }
    }
}
