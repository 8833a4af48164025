using Google.Protobuf;
using Greentic.ControlPlane.Auth;
using Greentic.ControlPlane.Secrets;
using Greentic.ControlPlane.Tenancy;
using Grpc.Core;
using Greentic.Secrets.V1;
using Microsoft.Extensions.Options;

namespace Greentic.ControlPlane.Services;

/// <summary>
/// <c>greentic.secrets.v1.SecretsService</c>. Two kinds of caller:
/// <list type="bullet">
/// <item>a provider calling back (sidecar role), inside a call in progress — limited to that call's tenant scope
/// and its binding's secrets allow-list;</item>
/// <item>an operator with the <c>admin</c> role for the tenant (e.g. <c>greentic secrets set</c>) — the whole tenant scope.</item>
/// </list>
/// A missing secret is an absent value, not an error. Values never appear in errors or logs.
/// </summary>
public sealed class SecretsServiceImpl(
    CallbackPolicy callbacks,
    ISecretsStore store,
    SecretRedactor redactor,
    IOptionsMonitor<SecretsOptions> options) : SecretsService.SecretsServiceBase
{
    public override async Task<GetResponse> Get(GetRequest request, ServerCallContext context)
    {
        var secrets = Scope(context, request.Ctx);
        var value = await Run(() => secrets.GetAsync(request.Key, context.CancellationToken));
        var response = new GetResponse();
        if (value is not null) response.Value = ByteString.CopyFrom(value);
        return response;
    }

    public override async Task<PutResponse> Put(PutRequest request, ServerCallContext context)
    {
        var secrets = Scope(context, request.Ctx);
        await Run(async () => { await secrets.PutAsync(request.Key, request.Value.Memory, context.CancellationToken); return true; });
        return new PutResponse();
    }

    private ScopedSecrets Scope(ServerCallContext context, Types.V1.TenantCtx? ctx)
    {
        var call = context.Authorized();
        // The gateway role reaches here only for Get of a webhook secret name (GatewayRoleInterceptor).
        if (!call.Principal.IsInRole(GreenticRoles.Sidecar) && !call.Principal.IsInRole(GreenticRoles.Gateway))
            call.RequireRole(GreenticRoles.Admin, context);
        var allowList = callbacks.Check(call, ctx)?.Secrets ?? SecretsAllowList.All;
        var o = options.CurrentValue;
        return new ScopedSecrets(store, call.Tenant, allowList, redactor, o.DefaultCategory, o.MaxValueBytes);
    }

    private static async Task<T> Run<T>(Func<ValueTask<T>> operation)
    {
        try
        {
            return await operation();
        }
        catch (SecretsException e)
        {
            throw SecretsStatus.ToRpc(e);
        }
    }
}
