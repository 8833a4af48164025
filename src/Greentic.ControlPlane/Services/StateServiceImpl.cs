using Google.Protobuf;
using Greentic.ControlPlane.Stores;
using Greentic.ControlPlane.Tenancy;
using Grpc.Core;
using Greentic.State.V1;

namespace Greentic.ControlPlane.Services;

/// <summary>
/// <c>greentic.state.v1.StateService</c>: tenant-scoped state. The scope is the caller's authorized tenant
/// context; the namespace (prefix) is the request's, else — for a provider calling back — the provider's
/// type, else <c>default</c>. A missing key is NOT_FOUND. The OAuth broker's namespace is not served here.
/// </summary>
public sealed class StateServiceImpl(CallbackPolicy callbacks, IStateStore store) : StateService.StateServiceBase
{
    public const string DefaultPrefix = "default";

    public override async Task<ReadResponse> Read(ReadRequest request, ServerCallContext context)
    {
        var key = Key(context, request.Ctx, request.Prefix, request.Key);
        var value = await store.ReadAsync(key, context.CancellationToken)
            ?? throw new RpcException(new Status(StatusCode.NotFound, $"state key '{request.Key}' does not exist in namespace '{key.Prefix}'"));
        return new ReadResponse { Value = ByteString.CopyFrom(value) };
    }

    public override async Task<WriteResponse> Write(WriteRequest request, ServerCallContext context)
    {
        var key = Key(context, request.Ctx, request.Prefix, request.Key);
        try
        {
            await store.WriteAsync(key, request.Value.Memory, context.CancellationToken);
        }
        catch (ArgumentException e)
        {
            throw new RpcException(new Status(StatusCode.ResourceExhausted, e.Message));
        }
        return new WriteResponse { Ack = OpAck.Ok };
    }

    public override async Task<DeleteResponse> Delete(DeleteRequest request, ServerCallContext context)
    {
        var key = Key(context, request.Ctx, request.Prefix, request.Key);
        await store.DeleteAsync(key, context.CancellationToken);
        return new DeleteResponse { Ack = OpAck.Ok };
    }

    private StateKey Key(ServerCallContext context, Types.V1.TenantCtx? ctx, string prefix, string key)
    {
        var call = context.Authorized();
        var callback = callbacks.Check(call, ctx);
        if (string.IsNullOrEmpty(prefix)) prefix = callback?.ProviderType ?? DefaultPrefix;
        if (prefix == OAuth.OAuthStore.Prefix)
            throw new RpcException(new Status(StatusCode.PermissionDenied,
                $"state namespace '{prefix}' belongs to the OAuth broker (sealed token sets): use OAuthBrokerService"));
        try
        {
            return new StateKey(call.Tenant, prefix, key);
        }
        catch (ArgumentException e)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, e.Message));
        }
    }
}
