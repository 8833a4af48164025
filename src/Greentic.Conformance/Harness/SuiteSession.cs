using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Google.Protobuf;
using Greentic.Providers;
using Greentic.Providers.Channels;
using Greentic.Types.V1;
using Grpc.Core;

namespace Greentic.Conformance.Harness;

/// <summary>
/// One conformance run as the checks see it: the provider type, its ops, and ways to call it — through the suite's
/// control plane as either tenant (<see cref="CallAsync"/>), or directly at its address — plus the control plane's
/// stores (seed a secret, read state) and what it recorded.
/// </summary>
internal sealed class SuiteSession(
    SuiteControlPlane controlPlane,
    TargetChannel routed,
    TargetChannel? direct,
    string providerType,
    bool callbacksReachSuite)
{
    public static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(30);

    public SuiteControlPlane ControlPlane => controlPlane;
    public string ProviderType => providerType;

    /// <summary>True when the target can call back into the suite's control plane (a component, or a target the suite started).</summary>
    public bool CallbacksReachSuite => callbacksReachSuite;

    /// <summary>True when the suite can call the target at its own address (sidecar and remote targets).</summary>
    public bool HasDirectChannel => direct is not null;

    /// <summary>The ops the provider's describe lists (read leniently: the describe check judges its shape).</summary>
    public IReadOnlySet<string> Ops { get; set; } = new HashSet<string>();

    public static TenantCtx Ctx(string tenant) => new() { Env = SuiteControlPlane.Env, Tenant = tenant, TenantId = tenant };

    /// <summary>A fresh value no earlier run used, for keys and secrets.</summary>
    public static string Nonce() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));

    public Task<CallOutcome> InvokeAsync(string op, string json, string tenant = SuiteControlPlane.TenantA, TimeSpan? timeout = null,
        Action<TenantCtx>? ctx = null, CancellationToken cancellationToken = default) =>
        CallAsync(ProviderFunction.Invoke, op, Encoding.UTF8.GetBytes(json), tenant, timeout, ctx, viaControlPlane: true, cancellationToken);

    /// <summary>One provider call, through the suite's control plane or (<paramref name="viaControlPlane"/> false) directly.</summary>
    public async Task<CallOutcome> CallAsync(ProviderFunction function, string op, byte[] json, string tenant, TimeSpan? timeout,
        Action<TenantCtx>? ctx, bool viaControlPlane, CancellationToken cancellationToken, string? providerTypeOverride = null)
    {
        var tenantCtx = Ctx(tenant);
        ctx?.Invoke(tenantCtx);
        var call = new ProviderCall(providerTypeOverride ?? providerType, function, function == ProviderFunction.Invoke ? op : ProviderCall.OpName(function), json, tenantCtx);
        var channel = viaControlPlane ? routed : direct ?? throw new InvalidOperationException("this target has no address of its own");
        var options = new CallOptions(viaControlPlane ? controlPlane.Bearer() : null, DateTime.UtcNow + (timeout ?? CallTimeout), cancellationToken);
        var started = Stopwatch.GetTimestamp();
        try
        {
            var response = await channel.Invoker.AsyncUnaryCall(ProviderMethods.For(function), null, options, ProviderMessages.ToRequest(call));
            return new CallOutcome(StatusCode.OK, "", ProviderMessages.ResultJson(response).ToByteArray(), Stopwatch.GetElapsedTime(started));
        }
        catch (RpcException e) when (!cancellationToken.IsCancellationRequested)
        {
            return new CallOutcome(e.StatusCode, e.Status.Detail, [], Stopwatch.GetElapsedTime(started));
        }
    }

    /// <summary>Stores a secret for <paramref name="tenant"/> through SecretsService (as its admin).</summary>
    public async Task PutSecretAsync(string tenant, string key, string value, CancellationToken cancellationToken)
    {
        var client = new Secrets.V1.SecretsService.SecretsServiceClient(routed.Invoker);
        await client.PutAsync(new Secrets.V1.PutRequest { Ctx = Ctx(tenant), Key = key, Value = ByteString.CopyFromUtf8(value) },
            controlPlane.Bearer(), DateTime.UtcNow + CallTimeout, cancellationToken);
    }

    /// <summary>The provider's state value under <paramref name="key"/> for <paramref name="tenant"/>, or null.</summary>
    public async Task<string?> ReadStateAsync(string tenant, string key, CancellationToken cancellationToken)
    {
        var client = new State.V1.StateService.StateServiceClient(routed.Invoker);
        try
        {
            var value = await client.ReadAsync(new State.V1.ReadRequest { Ctx = Ctx(tenant), Key = key, Prefix = providerType },
                controlPlane.Bearer(), DateTime.UtcNow + CallTimeout, cancellationToken);
            return value.Value.ToStringUtf8();
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
        {
            return null;
        }
    }
}
