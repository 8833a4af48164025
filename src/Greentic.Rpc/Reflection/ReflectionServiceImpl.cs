using Google.Protobuf;
using Google.Protobuf.Reflection;
using Greentic.Rpc.Reflection.V1;

namespace Greentic.Rpc.Reflection;

/// <summary>Server reflection v1 over every service mapped in this host; mapped with <c>app.MapRpcReflectionService()</c>.</summary>
public sealed class ReflectionServiceImpl(RpcServiceRegistry registry) : V1.ServerReflection.ServerReflectionBase
{
    private ReflectionIndex? _index;

    // Built on first use, after startup has mapped every service.
    internal ReflectionIndex Index => _index ??= new ReflectionIndex(registry.Services);

    public override Task ServerReflectionInfo(IAsyncStreamReader<ServerReflectionRequest> requestStream,
        IServerStreamWriter<ServerReflectionResponse> responseStream, ServerCallContext context) =>
        ServeAsync(Index, requestStream, responseStream, context);

    /// <summary>Answers each request in order, until the client half-closes.</summary>
    internal static async Task ServeAsync(ReflectionIndex index, IAsyncStreamReader<ServerReflectionRequest> requestStream,
        IServerStreamWriter<ServerReflectionResponse> responseStream, ServerCallContext context)
    {
        // Like grpc-go, a file's imports are sent once per stream: the client already holds the ones it got.
        var sent = new HashSet<string>(StringComparer.Ordinal);
        while (await requestStream.MoveNext(context.CancellationToken).ConfigureAwait(false))
        {
            var request = requestStream.Current;
            var response = Answer(index, request, sent);
            response.ValidHost = request.Host;
            response.OriginalRequest = request;
            await responseStream.WriteAsync(response, context.CancellationToken).ConfigureAwait(false);
        }
    }

    private static ServerReflectionResponse Answer(ReflectionIndex index, ServerReflectionRequest request, HashSet<string> sent)
    {
        switch (request.MessageRequestCase)
        {
            case ServerReflectionRequest.MessageRequestOneofCase.ListServices:
                var list = new ListServiceResponse();
                foreach (var name in index.ServiceNames) list.Service.Add(new ServiceResponse { Name = name });
                return new ServerReflectionResponse { ListServicesResponse = list };

            case ServerReflectionRequest.MessageRequestOneofCase.FileByFilename:
                return index.FindFile(request.FileByFilename) is { } byName
                    ? Files(byName, sent)
                    : Error(StatusCode.NotFound, $"File '{request.FileByFilename}' not found.");

            case ServerReflectionRequest.MessageRequestOneofCase.FileContainingSymbol:
                return index.FindFileContainingSymbol(request.FileContainingSymbol) is { } bySymbol
                    ? Files(bySymbol, sent)
                    : Error(StatusCode.NotFound, $"Symbol '{request.FileContainingSymbol}' not found.");

            case ServerReflectionRequest.MessageRequestOneofCase.FileContainingExtension:
                var ext = request.FileContainingExtension;
                return index.FindExtension(ext.ContainingType, ext.ExtensionNumber) is { } extension
                    ? Files(extension.File, sent)
                    : Error(StatusCode.NotFound, $"Extension {ext.ExtensionNumber} of '{ext.ContainingType}' not found.");

            case ServerReflectionRequest.MessageRequestOneofCase.AllExtensionNumbersOfType:
                var type = request.AllExtensionNumbersOfType;
                if (index.FindExtensions(type) is not { } extensions) return Error(StatusCode.NotFound, $"Type '{type}' not found.");
                var numbers = new ExtensionNumberResponse { BaseTypeName = type.TrimStart('.') };
                foreach (var e in extensions) numbers.ExtensionNumber.Add(e.FieldNumber);
                return new ServerReflectionResponse { AllExtensionNumbersResponse = numbers };

            default:
                return Error(StatusCode.Unimplemented, "Unsupported reflection request.");
        }
    }

    /// <summary>The file itself (always) and its transitive imports not yet sent on this stream, the file first.</summary>
    private static ServerReflectionResponse Files(FileDescriptor file, HashSet<string> sent)
    {
        var response = new FileDescriptorResponse();
        response.FileDescriptorProto.Add(file.SerializedData);
        sent.Add(file.Name);
        AddDependencies(file, response, sent);
        return new ServerReflectionResponse { FileDescriptorResponse = response };

        static void AddDependencies(FileDescriptor file, FileDescriptorResponse response, HashSet<string> sent)
        {
            foreach (var dependency in file.Dependencies)
            {
                if (!sent.Add(dependency.Name)) continue;
                response.FileDescriptorProto.Add(dependency.SerializedData);
                AddDependencies(dependency, response, sent);
            }
        }
    }

    private static ServerReflectionResponse Error(StatusCode code, string message) =>
        new() { ErrorResponse = new ErrorResponse { ErrorCode = (int)code, ErrorMessage = message } };
}

/// <summary>Server reflection v1alpha: the same answers under the older service name.</summary>
public sealed class ReflectionV1AlphaServiceImpl(ReflectionServiceImpl v1) : V1Alpha.ServerReflection.ServerReflectionBase
{
    public override Task ServerReflectionInfo(IAsyncStreamReader<ServerReflectionRequest> requestStream,
        IServerStreamWriter<ServerReflectionResponse> responseStream, ServerCallContext context) =>
        ReflectionServiceImpl.ServeAsync(v1.Index, requestStream, responseStream, context);
}
