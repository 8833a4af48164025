using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;
using V1 = Grpc.Reflection.V1;
using V1Alpha = Grpc.Reflection.V1Alpha;

namespace Greentic.ControlPlane.Tests.Reflection;

/// <summary>One rpc as the server describes it: full service name, method name, streaming flags and its request type.</summary>
public sealed record ReflectedMethod(string Service, string Name, bool ClientStreaming, bool ServerStreaming, DescriptorProto Request)
{
    public bool IsUnary => !ClientStreaming && !ServerStreaming;

    public override string ToString() => $"{Service}/{Name}";
}

/// <summary>
/// What a server says it serves, asked over the wire as an outside client would: <c>grpc.reflection.v1</c>
/// <c>ListServices</c>, then <c>FileContainingSymbol</c> per service (and <c>FileByFilename</c> for dependencies),
/// decoding the returned <see cref="FileDescriptorProto"/>s. No compiled contract types are used.
/// </summary>
public sealed class ReflectedServices
{
    private readonly Dictionary<string, DescriptorProto> _messages = new(StringComparer.Ordinal);

    private ReflectedServices(IReadOnlyList<string> services, IReadOnlyList<ReflectedMethod> methods)
    {
        Services = services;
        Methods = methods;
    }

    public IReadOnlyList<string> Services { get; }
    public IReadOnlyList<ReflectedMethod> Methods { get; }

    /// <summary>A message type by its full name (<c>greentic.types.v1.TenantCtx</c>), nested types included.</summary>
    public DescriptorProto Message(string fullName) => _messages[fullName.TrimStart('.')];

    public static async Task<IReadOnlyList<string>> ListServicesAsync(CallInvoker invoker)
    {
        using var call = new V1.ServerReflection.ServerReflectionClient(invoker).ServerReflectionInfo(deadline: DateTime.UtcNow.AddSeconds(30));
        var response = await AskAsync(call, new V1.ServerReflectionRequest { ListServices = "" });
        await call.RequestStream.CompleteAsync();
        return response.ListServicesResponse.Service.Select(s => s.Name).ToList();
    }

    public static async Task<IReadOnlyList<string>> ListServicesV1AlphaAsync(CallInvoker invoker)
    {
        using var call = new V1Alpha.ServerReflection.ServerReflectionClient(invoker).ServerReflectionInfo(deadline: DateTime.UtcNow.AddSeconds(30));
        await call.RequestStream.WriteAsync(new V1Alpha.ServerReflectionRequest { ListServices = "" });
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None), "v1alpha reflection sent no answer");
        await call.RequestStream.CompleteAsync();
        return call.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name).ToList();
    }

    /// <summary>Every service whose name starts with <paramref name="prefix"/>, with its methods and the message types they use.</summary>
    public static async Task<ReflectedServices> DescribeAsync(CallInvoker invoker, string prefix)
    {
        using var call = new V1.ServerReflection.ServerReflectionClient(invoker).ServerReflectionInfo(deadline: DateTime.UtcNow.AddSeconds(30));
        var list = await AskAsync(call, new V1.ServerReflectionRequest { ListServices = "" });
        var services = list.ListServicesResponse.Service.Select(s => s.Name).Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).Order().ToList();

        var files = new Dictionary<string, FileDescriptorProto>(StringComparer.Ordinal);
        foreach (var service in services)
            Add(files, await AskAsync(call, new V1.ServerReflectionRequest { FileContainingSymbol = service }));
        for (var missing = Missing(files); missing is not null; missing = Missing(files))
            Add(files, await AskAsync(call, new V1.ServerReflectionRequest { FileByFilename = missing }));
        await call.RequestStream.CompleteAsync();

        var methods = new List<ReflectedMethod>();
        var result = new ReflectedServices(services, methods);
        foreach (var file in files.Values)
            foreach (var message in file.MessageType)
                result.Index(file.Package, message);
        foreach (var service in services)
        {
            var (file, descriptor) = files.Values.SelectMany(f => f.Service.Select(s => (f, s))).Single(x => $"{x.f.Package}.{x.s.Name}" == service);
            methods.AddRange(descriptor.Method.Select(m =>
                new ReflectedMethod(service, m.Name, m.ClientStreaming, m.ServerStreaming, result.Message(m.InputType))));
        }
        return result;
    }

    private void Index(string scope, DescriptorProto message)
    {
        var name = $"{scope}.{message.Name}";
        _messages[name] = message;
        foreach (var nested in message.NestedType) Index(name, nested);
    }

    private static async Task<V1.ServerReflectionResponse> AskAsync(AsyncDuplexStreamingCall<V1.ServerReflectionRequest, V1.ServerReflectionResponse> call,
        V1.ServerReflectionRequest request)
    {
        await call.RequestStream.WriteAsync(request);
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None), $"reflection sent no answer to {request}");
        var response = call.ResponseStream.Current;
        Assert.True(response.MessageResponseCase != V1.ServerReflectionResponse.MessageResponseOneofCase.ErrorResponse,
            $"reflection refused {request}: {response.ErrorResponse}");
        return response;
    }

    private static void Add(Dictionary<string, FileDescriptorProto> files, V1.ServerReflectionResponse response)
    {
        foreach (var bytes in response.FileDescriptorResponse.FileDescriptorProto)
        {
            var file = FileDescriptorProto.Parser.ParseFrom(bytes);
            files.TryAdd(file.Name, file);
        }
    }

    private static string? Missing(Dictionary<string, FileDescriptorProto> files) =>
        files.Values.SelectMany(f => f.Dependency).FirstOrDefault(d => !files.ContainsKey(d));
}
