namespace Greentic.ComponentHost;

/// <summary>
/// State of one call's tenant (<c>greentic:state/state-store@1.0.0</c>). The implementation namespaces keys by the
/// call's <see cref="TenantScope"/>; the guest only names the key. Throw <see cref="HostCallException"/> for an error
/// the guest should see as <c>host-error {code, message}</c>; any other exception reaches the guest as
/// <c>internal</c> without its message.
/// </summary>
public interface IStateAccess
{
    /// <summary>The stored bytes, or null when the key has no value (the guest sees <c>not-found</c>).</summary>
    ValueTask<ReadOnlyMemory<byte>?> ReadAsync(string key, CancellationToken cancellationToken);
    ValueTask WriteAsync(string key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken);
    ValueTask DeleteAsync(string key, CancellationToken cancellationToken);
}
