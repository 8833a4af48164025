using Google.Protobuf.WellKnownTypes;
using Greentic.Rpc.Tests.Proto;

namespace Greentic.Rpc.Tests.Infrastructure;

/// <summary>Hand-written in exactly the shape the Greentic protoc plugin generates.</summary>
public static partial class Echo
{
    public const string ServiceName = "greentic.rpc.test.v1.Echo";

    public static readonly Method<EchoRequest, EchoResponse> UnaryMethod =
        new(MethodType.Unary, ServiceName, "Unary", Marshallers.Protobuf(EchoRequest.Parser), Marshallers.Protobuf(EchoResponse.Parser));
    public static readonly Method<EchoRequest, EchoResponse> ServerStreamMethod =
        new(MethodType.ServerStreaming, ServiceName, "ServerStream", Marshallers.Protobuf(EchoRequest.Parser), Marshallers.Protobuf(EchoResponse.Parser));
    public static readonly Method<EchoRequest, EchoResponse> ClientStreamMethod =
        new(MethodType.ClientStreaming, ServiceName, "ClientStream", Marshallers.Protobuf(EchoRequest.Parser), Marshallers.Protobuf(EchoResponse.Parser));
    public static readonly Method<EchoRequest, EchoResponse> DuplexMethod =
        new(MethodType.DuplexStreaming, ServiceName, "Duplex", Marshallers.Protobuf(EchoRequest.Parser), Marshallers.Protobuf(EchoResponse.Parser));
    public static readonly Method<Empty, Empty> PingMethod =
        new(MethodType.Unary, ServiceName, "Ping", Marshallers.Protobuf(Empty.Parser), Marshallers.Protobuf(Empty.Parser));

    public static Google.Protobuf.Reflection.ServiceDescriptor Descriptor => EchoReflection.Descriptor.Services[0];

    [BindServiceMethod(typeof(Echo), nameof(BindService))]
    [ServiceDescriptor(typeof(Echo), nameof(Descriptor))]
    public abstract partial class EchoBase
    {
        public virtual Task<EchoResponse> Unary(EchoRequest request, ServerCallContext context) => throw new RpcException(new Status(StatusCode.Unimplemented, ""));
        public virtual Task ServerStream(EchoRequest request, IServerStreamWriter<EchoResponse> responseStream, ServerCallContext context) => throw new RpcException(new Status(StatusCode.Unimplemented, ""));
        public virtual Task<EchoResponse> ClientStream(IAsyncStreamReader<EchoRequest> requestStream, ServerCallContext context) => throw new RpcException(new Status(StatusCode.Unimplemented, ""));
        public virtual Task Duplex(IAsyncStreamReader<EchoRequest> requestStream, IServerStreamWriter<EchoResponse> responseStream, ServerCallContext context) => throw new RpcException(new Status(StatusCode.Unimplemented, ""));
        public virtual Task<Empty> Ping(Empty request, ServerCallContext context) => throw new RpcException(new Status(StatusCode.Unimplemented, ""));
    }

    public static void BindService<TService>(IServiceMethodBinder<TService> binder) where TService : EchoBase
    {
        binder.AddUnaryMethod(UnaryMethod, static (service, request, context) => service.Unary(request, context));
        binder.AddServerStreamingMethod(ServerStreamMethod, static (service, request, stream, context) => service.ServerStream(request, stream, context));
        binder.AddClientStreamingMethod(ClientStreamMethod, static (service, stream, context) => service.ClientStream(stream, context));
        binder.AddDuplexStreamingMethod(DuplexMethod, static (service, requests, responses, context) => service.Duplex(requests, responses, context));
        binder.AddUnaryMethod(PingMethod, static (service, request, context) => service.Ping(request, context));
    }

    public partial class EchoClient : ClientBase<EchoClient>
    {
        public EchoClient(ChannelBase channel) : base(channel) { }
        public EchoClient(CallInvoker callInvoker) : base(callInvoker) { }

        public virtual AsyncUnaryCall<EchoResponse> UnaryAsync(EchoRequest request, Metadata? headers = null, DateTime? deadline = null, CancellationToken cancellationToken = default) =>
            CallInvoker.AsyncUnaryCall(UnaryMethod, null, new CallOptions(headers, deadline, cancellationToken), request);
        public virtual AsyncUnaryCall<EchoResponse> UnaryAsync(EchoRequest request, CallOptions options) =>
            CallInvoker.AsyncUnaryCall(UnaryMethod, null, options, request);
        public virtual EchoResponse Unary(EchoRequest request, Metadata? headers = null, DateTime? deadline = null, CancellationToken cancellationToken = default) =>
            CallInvoker.BlockingUnaryCall(UnaryMethod, null, new CallOptions(headers, deadline, cancellationToken), request);
        public virtual AsyncServerStreamingCall<EchoResponse> ServerStream(EchoRequest request, Metadata? headers = null, DateTime? deadline = null, CancellationToken cancellationToken = default) =>
            CallInvoker.AsyncServerStreamingCall(ServerStreamMethod, null, new CallOptions(headers, deadline, cancellationToken), request);
        public virtual AsyncClientStreamingCall<EchoRequest, EchoResponse> ClientStream(Metadata? headers = null, DateTime? deadline = null, CancellationToken cancellationToken = default) =>
            CallInvoker.AsyncClientStreamingCall(ClientStreamMethod, null, new CallOptions(headers, deadline, cancellationToken));
        public virtual AsyncDuplexStreamingCall<EchoRequest, EchoResponse> Duplex(Metadata? headers = null, DateTime? deadline = null, CancellationToken cancellationToken = default) =>
            CallInvoker.AsyncDuplexStreamingCall(DuplexMethod, null, new CallOptions(headers, deadline, cancellationToken));
        public virtual AsyncUnaryCall<Empty> PingAsync(Empty request, Metadata? headers = null, DateTime? deadline = null, CancellationToken cancellationToken = default) =>
            CallInvoker.AsyncUnaryCall(PingMethod, null, new CallOptions(headers, deadline, cancellationToken), request);

        protected override EchoClient NewInstance(CallInvoker callInvoker) => new(callInvoker);
    }
}
