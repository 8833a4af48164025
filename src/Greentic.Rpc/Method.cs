namespace Greentic.Rpc;

public enum MethodType
{
    Unary,
    ClientStreaming,
    ServerStreaming,
    DuplexStreaming,
}

public interface IMethod
{
    MethodType Type { get; }
    string ServiceName { get; }
    string Name { get; }

    /// <summary>The HTTP/2 <c>:path</c>: <c>/package.Service/Method</c>.</summary>
    string FullName { get; }
}

/// <summary>Describes one rpc: its shape, its names and how its messages are marshalled.</summary>
public sealed class Method<TRequest, TResponse> : IMethod
{
    public Method(MethodType type, string serviceName, string name, Marshaller<TRequest> requestMarshaller, Marshaller<TResponse> responseMarshaller)
    {
        Type = type;
        ServiceName = serviceName;
        Name = name;
        RequestMarshaller = requestMarshaller;
        ResponseMarshaller = responseMarshaller;
        FullName = "/" + serviceName + "/" + name;
    }

    public MethodType Type { get; }
    public string ServiceName { get; }
    public string Name { get; }
    public string FullName { get; }
    public Marshaller<TRequest> RequestMarshaller { get; }
    public Marshaller<TResponse> ResponseMarshaller { get; }
}
