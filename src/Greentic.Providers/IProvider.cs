namespace Greentic.Providers;

/// <summary>
/// A provider implemented in C#: the schema-core-api contract (describe, validate-config, healthcheck,
/// invoke), JSON in and JSON out. The in-process transport calls these directly; a sidecar host serves
/// them over gRPC with <see cref="ProviderHostService"/>. Provider-level failures stay inside the JSON
/// (<c>{"ok":false,"error":{...}}</c>); an exception is a transport failure.
/// </summary>
public interface IProvider
{
    string ProviderType { get; }

    /// <summary>The describe JSON: at least provider_type, capabilities and ops.</summary>
    byte[] Describe();

    Task<byte[]> ValidateConfigAsync(ReadOnlyMemory<byte> configJson, ProviderCallContext context);

    Task<byte[]> HealthcheckAsync(ProviderCallContext context);

    Task<byte[]> InvokeAsync(string op, ReadOnlyMemory<byte> inputJson, ProviderCallContext context);
}
