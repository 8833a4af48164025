using System.Collections.Concurrent;
using System.Security.Cryptography;
using Greentic.ControlPlane.Auth;
using Greentic.ControlPlane.Secrets;
using Greentic.Types.V1;

namespace Greentic.ControlPlane.Tenancy;

/// <summary>
/// The provider calls the control plane has in progress on sidecars and remotes. Each gets an unguessable
/// call id, carried to the provider in the tenant context's attributes (<see cref="AttributeName"/>). When
/// the provider calls back into secrets or state, the control plane accepts the callback only if it names a
/// call still in progress for exactly the same tenant scope — so a sidecar can act for the tenant of a call
/// that reached it, while that call lasts, and never wider.
/// </summary>
public sealed class InFlightCalls
{
    public const string AttributeName = "greentic.call-id";

    private readonly ConcurrentDictionary<string, InFlightCall> _calls = new(StringComparer.Ordinal);

    public int Count => _calls.Count;

    /// <summary>Registers a call and stamps its id on <paramref name="ctx"/>; dispose the result when the call ends.</summary>
    public Registration Begin(TenantContext scope, string providerType, SecretsAllowList secrets, TenantCtx ctx)
    {
        var id = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        _calls[id] = new InFlightCall(scope, providerType, secrets);
        for (var i = ctx.Attributes.Count - 1; i >= 0; i--)
            if (ctx.Attributes[i].Key == AttributeName) ctx.Attributes.RemoveAt(i);
        ctx.Attributes.Add(new KeyValue { Key = AttributeName, Value = id });
        return new Registration(this, id);
    }

    /// <summary>The call in progress whose id <paramref name="ctx"/> carries, if its scope is exactly <paramref name="scope"/>; else null.</summary>
    public InFlightCall? Find(TenantCtx? ctx, TenantContext scope)
    {
        if (ctx is null) return null;
        foreach (var attribute in ctx.Attributes)
            if (attribute.Key == AttributeName)
                return _calls.TryGetValue(attribute.Value, out var call) && call.Scope == scope ? call : null;
        return null;
    }

    /// <summary>A provider call in progress: its tenant scope, the provider serving it, and the secrets its binding allows.</summary>
    public sealed record InFlightCall(TenantContext Scope, string ProviderType, SecretsAllowList Secrets);

    public readonly struct Registration(InFlightCalls owner, string id) : IDisposable
    {
        public string Id => id;
        public void Dispose() => owner._calls.TryRemove(id, out _);
    }
}
