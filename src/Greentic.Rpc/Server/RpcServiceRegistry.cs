using Google.Protobuf.Reflection;

namespace Greentic.Rpc;

/// <summary>The services mapped with <c>MapRpcService</c> in this host, in mapping order (reflection lists them).</summary>
public sealed class RpcServiceRegistry
{
    private readonly object _lock = new();
    private readonly List<MappedRpcService> _services = new();

    public IReadOnlyList<MappedRpcService> Services
    {
        get { lock (_lock) return _services.ToArray(); }
    }

    internal bool FallbackMapped { get; set; }

    internal void Add(MappedRpcService service)
    {
        lock (_lock) _services.Add(service);
    }
}

/// <summary>One mapped service: its name, its methods, and its protobuf descriptor when the generated code declares one.</summary>
public sealed record MappedRpcService(string Name, Type ServiceType, IReadOnlyList<IMethod> Methods, ServiceDescriptor? Descriptor);
