using Greentic.Rpc.Reflection.V1;

namespace Greentic.Rpc.Reflection.V1
{
    /// <summary>
    /// <c>grpc.reflection.v1.ServerReflection</c>, written by hand in the shape the Greentic protoc plugin generates.
    /// </summary>
    public static partial class ServerReflection
    {
        public const string ServiceName = "grpc.reflection.v1.ServerReflection";

        public static readonly Method<ServerReflectionRequest, ServerReflectionResponse> ServerReflectionInfoMethod =
            new(MethodType.DuplexStreaming, ServiceName, "ServerReflectionInfo",
                Marshallers.Protobuf(ServerReflectionRequest.Parser), Marshallers.Protobuf(ServerReflectionResponse.Parser));

        public static Google.Protobuf.Reflection.ServiceDescriptor Descriptor => ReflectionReflection.Descriptor.Services[0];

        [BindServiceMethod(typeof(ServerReflection), nameof(BindService))]
        [ServiceDescriptor(typeof(ServerReflection), nameof(Descriptor))]
        public abstract partial class ServerReflectionBase
        {
            public virtual Task ServerReflectionInfo(IAsyncStreamReader<ServerReflectionRequest> requestStream,
                IServerStreamWriter<ServerReflectionResponse> responseStream, ServerCallContext context) =>
                throw new RpcException(new Status(StatusCode.Unimplemented, ""));
        }

        public static void BindService<TService>(IServiceMethodBinder<TService> binder) where TService : ServerReflectionBase =>
            binder.AddDuplexStreamingMethod(ServerReflectionInfoMethod,
                static (service, requestStream, responseStream, context) => service.ServerReflectionInfo(requestStream, responseStream, context));

        public partial class ServerReflectionClient : ClientBase<ServerReflectionClient>
        {
            public ServerReflectionClient(ChannelBase channel) : base(channel) { }
            public ServerReflectionClient(CallInvoker callInvoker) : base(callInvoker) { }

            public virtual AsyncDuplexStreamingCall<ServerReflectionRequest, ServerReflectionResponse> ServerReflectionInfo(
                Metadata? headers = null, DateTime? deadline = null, CancellationToken cancellationToken = default) =>
                CallInvoker.AsyncDuplexStreamingCall(ServerReflectionInfoMethod, null, new CallOptions(headers, deadline, cancellationToken));

            protected override ServerReflectionClient NewInstance(CallInvoker callInvoker) => new(callInvoker);
        }
    }
}

namespace Greentic.Rpc.Reflection.V1Alpha
{
    /// <summary>
    /// <c>grpc.reflection.v1alpha.ServerReflection</c>: the same wire messages as v1 under the older package name,
    /// which many tools still ask for first. It uses the v1 message types (identical fields) and its own descriptor.
    /// </summary>
    public static partial class ServerReflection
    {
        public const string ServiceName = "grpc.reflection.v1alpha.ServerReflection";

        public static readonly Method<V1.ServerReflectionRequest, V1.ServerReflectionResponse> ServerReflectionInfoMethod =
            new(MethodType.DuplexStreaming, ServiceName, "ServerReflectionInfo",
                Marshallers.Protobuf(V1.ServerReflectionRequest.Parser), Marshallers.Protobuf(V1.ServerReflectionResponse.Parser));

        public static Google.Protobuf.Reflection.ServiceDescriptor Descriptor => ReflectionReflection.Descriptor.Services[0];

        [BindServiceMethod(typeof(ServerReflection), nameof(BindService))]
        [ServiceDescriptor(typeof(ServerReflection), nameof(Descriptor))]
        public abstract partial class ServerReflectionBase
        {
            public virtual Task ServerReflectionInfo(IAsyncStreamReader<V1.ServerReflectionRequest> requestStream,
                IServerStreamWriter<V1.ServerReflectionResponse> responseStream, ServerCallContext context) =>
                throw new RpcException(new Status(StatusCode.Unimplemented, ""));
        }

        public static void BindService<TService>(IServiceMethodBinder<TService> binder) where TService : ServerReflectionBase =>
            binder.AddDuplexStreamingMethod(ServerReflectionInfoMethod,
                static (service, requestStream, responseStream, context) => service.ServerReflectionInfo(requestStream, responseStream, context));

        public partial class ServerReflectionClient : ClientBase<ServerReflectionClient>
        {
            public ServerReflectionClient(ChannelBase channel) : base(channel) { }
            public ServerReflectionClient(CallInvoker callInvoker) : base(callInvoker) { }

            public virtual AsyncDuplexStreamingCall<V1.ServerReflectionRequest, V1.ServerReflectionResponse> ServerReflectionInfo(
                Metadata? headers = null, DateTime? deadline = null, CancellationToken cancellationToken = default) =>
                CallInvoker.AsyncDuplexStreamingCall(ServerReflectionInfoMethod, null, new CallOptions(headers, deadline, cancellationToken));

            protected override ServerReflectionClient NewInstance(CallInvoker callInvoker) => new(callInvoker);
        }
    }
}
