using System.Reflection;
using Google.Protobuf.Reflection;
using Greentic.Rpc;

namespace Greentic.Contracts.Tests;

/// <summary>Finds every generated service in Greentic.Contracts through the attributes the generator puts on its bases.</summary>
internal static class GeneratedServices
{
    public sealed record Service(Type Type, ServiceDescriptor Descriptor);

    public static IReadOnlyList<Service> All() => Cache.Value;

    private static readonly Lazy<IReadOnlyList<Service>> Cache = new(() =>
        typeof(Greentic.Types.V1.TenantCtx).Assembly.GetTypes()
            .Select(t => t.GetCustomAttribute<ServiceDescriptorAttribute>() is { } a
                ? new Service(a.DescriptorType, (ServiceDescriptor)a.DescriptorType.GetProperty(a.PropertyName)!.GetValue(null)!)
                : null)
            .OfType<Service>()
            .ToList());
}
