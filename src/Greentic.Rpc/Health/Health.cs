using Greentic.Rpc.Health.V1;

namespace Greentic.Rpc.Health.V1;

/// <summary>
/// <c>grpc.health.v1.Health</c>, written by hand in the shape the Greentic protoc plugin generates
/// (this leaf cannot depend on the plugin): method definitions, service base, binder and client.
/// </summary>
public static partial class Health
{
    public const string ServiceName = "grpc.health.v1.Health";

    public static readonly Method<HealthCheckRequest, HealthCheckResponse> CheckMethod =
        new(MethodType.Unary, ServiceName, "Check", Marshallers.Protobuf(HealthCheckRequest.Parser), Marshallers.Protobuf(HealthCheckResponse.Parser));

    public static readonly Method<HealthCheckRequest, HealthCheckResponse> WatchMethod =
        new(MethodType.ServerStreaming, ServiceName, "Watch", Marshallers.Protobuf(HealthCheckRequest.Parser), Marshallers.Protobuf(HealthCheckResponse.Parser));

    public static Google.Protobuf.Reflection.ServiceDescriptor Descriptor => HealthReflection.Descriptor.Services[0];

    [BindServiceMethod(typeof(Health), nameof(BindService))]
    [ServiceDescriptor(typeof(Health), nameof(Descriptor))]
    public abstract partial class HealthBase
    {
        public virtual Task<HealthCheckResponse> Check(HealthCheckRequest request, ServerCallContext context) =>
            throw new RpcException(new Status(StatusCode.Unimplemented, ""));

        public virtual Task Watch(HealthCheckRequest request, IServerStreamWriter<HealthCheckResponse> responseStream, ServerCallContext context) =>
            throw new RpcException(new Status(StatusCode.Unimplemented, ""));
    }

    public static void BindService<TService>(IServiceMethodBinder<TService> binder) where TService : HealthBase
    {
        binder.AddUnaryMethod(CheckMethod, static (service, request, context) => service.Check(request, context));
        binder.AddServerStreamingMethod(WatchMethod, static (service, request, stream, context) => service.Watch(request, stream, context));
    }

    public partial class HealthClient : ClientBase<HealthClient>
    {
        public HealthClient(ChannelBase channel) : base(channel) { }
        public HealthClient(CallInvoker callInvoker) : base(callInvoker) { }

        public virtual AsyncUnaryCall<HealthCheckResponse> CheckAsync(HealthCheckRequest request, Metadata? headers = null, DateTime? deadline = null, CancellationToken cancellationToken = default) =>
            CallInvoker.AsyncUnaryCall(CheckMethod, null, new CallOptions(headers, deadline, cancellationToken), request);

        public virtual HealthCheckResponse Check(HealthCheckRequest request, Metadata? headers = null, DateTime? deadline = null, CancellationToken cancellationToken = default) =>
            CallInvoker.BlockingUnaryCall(CheckMethod, null, new CallOptions(headers, deadline, cancellationToken), request);

        public virtual AsyncServerStreamingCall<HealthCheckResponse> Watch(HealthCheckRequest request, Metadata? headers = null, DateTime? deadline = null, CancellationToken cancellationToken = default) =>
            CallInvoker.AsyncServerStreamingCall(WatchMethod, null, new CallOptions(headers, deadline, cancellationToken), request);

        protected override HealthClient NewInstance(CallInvoker callInvoker) => new(callInvoker);
    }
}
