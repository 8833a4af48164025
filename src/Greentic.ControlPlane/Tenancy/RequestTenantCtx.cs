using System.Collections.Concurrent;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Greentic.Types.V1;

namespace Greentic.ControlPlane.Tenancy;

/// <summary>
/// Reads the <c>ctx</c> field every Greentic request carries (a contract test holds every request to it), by
/// protobuf reflection once per message type, so authorization needs no per-service code.
/// </summary>
internal static class RequestTenantCtx
{
    private static readonly ConcurrentDictionary<MessageDescriptor, IFieldAccessor?> Accessors = new();

    public static TenantCtx? Of(object request) =>
        request is IMessage message && Accessors.GetOrAdd(message.Descriptor, Find) is { } accessor
            ? accessor.GetValue(message) as TenantCtx
            : null;

    private static IFieldAccessor? Find(MessageDescriptor descriptor) =>
        descriptor.FindFieldByName("ctx") is { FieldType: FieldType.Message } field && field.MessageType.FullName == TenantCtx.Descriptor.FullName
            ? field.Accessor
            : null;
}
