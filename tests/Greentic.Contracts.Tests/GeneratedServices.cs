using System.Reflection;
using Google.Protobuf.Reflection;
using Grpc.Core;

namespace Greentic.Contracts.Tests;

/// <summary>
/// Every service Grpc.Tools generated into Greentic.Contracts, found through the <see cref="BindServiceMethodAttribute"/>
/// on each generated service base: the static service class, its base, and its descriptor.
/// </summary>
internal static class GeneratedServices
{
    public sealed record Service(Type Type, Type Base, ServiceDescriptor Descriptor)
    {
        /// <summary>The methods <c>BindService</c> registers, as a server would see them.</summary>
        public IReadOnlyList<IMethod> BoundMethods()
        {
            var binder = new RecordingBinder();
            var bind = Type.GetMethod("BindService", BindingFlags.Public | BindingFlags.Static, [typeof(ServiceBinderBase), Base])
                ?? throw new InvalidOperationException($"{Type.Name} has no BindService(ServiceBinderBase, {Base.Name})");
            bind.Invoke(null, [binder, null]);
            return binder.Methods;
        }
    }

    public static IReadOnlyList<Service> All() => Cache.Value;

    private static readonly Lazy<IReadOnlyList<Service>> Cache = new(() =>
        typeof(Greentic.Types.V1.TenantCtx).Assembly.GetTypes()
            .Select(t => t.GetCustomAttribute<BindServiceMethodAttribute>() is { } a
                ? new Service(a.BindType, t, (ServiceDescriptor)a.BindType.GetProperty("Descriptor", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!)
                : null)
            .OfType<Service>()
            .ToList());

    private sealed class RecordingBinder : ServiceBinderBase
    {
        public List<IMethod> Methods { get; } = [];

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, UnaryServerMethod<TRequest, TResponse>? handler) => Methods.Add(method);
        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ClientStreamingServerMethod<TRequest, TResponse>? handler) => Methods.Add(method);
        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ServerStreamingServerMethod<TRequest, TResponse>? handler) => Methods.Add(method);
        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, DuplexStreamingServerMethod<TRequest, TResponse>? handler) => Methods.Add(method);
    }
}
