using Google.Protobuf;
using Google.Protobuf.Reflection;
using Type = Google.Protobuf.Reflection.FieldDescriptorProto.Types.Type;

namespace Greentic.ControlPlane.Tests.Reflection;

/// <summary>
/// Encodes a request that looks valid from its descriptor alone: every field set, strings with plausible values for
/// their names (tenant <c>acme</c>, env <c>dev</c>, provider type and op <c>echo</c>, JSON <c>{}</c>), nested messages
/// filled a few levels deep. What a well-meaning client without credentials would send.
/// </summary>
public static class PlausibleRequest
{
    private const int MaxDepth = 3;

    public static byte[] Encode(ReflectedServices schema, DescriptorProto message) => Encode(schema, message, depth: 0);

    private static void Write(ReflectedServices schema, DescriptorProto message, CodedOutputStream output, int depth)
    {
        foreach (var field in message.Field)
        {
            switch (field.Type)
            {
                case Type.String:
                    output.WriteTag(field.Number, WireFormat.WireType.LengthDelimited);
                    output.WriteString(StringFor(field.Name));
                    break;
                case Type.Bytes:
                    output.WriteTag(field.Number, WireFormat.WireType.LengthDelimited);
                    output.WriteBytes(ByteString.CopyFromUtf8("{}"));
                    break;
                case Type.Message when depth < MaxDepth:
                    output.WriteTag(field.Number, WireFormat.WireType.LengthDelimited);
                    output.WriteBytes(ByteString.CopyFrom(Encode(schema, schema.Message(field.TypeName), depth + 1)));
                    break;
                case Type.Bool or Type.Enum or Type.Int32 or Type.Int64 or Type.Uint32 or Type.Uint64:
                    output.WriteTag(field.Number, WireFormat.WireType.Varint);
                    output.WriteUInt64(1);
                    break;
                case Type.Double or Type.Fixed64 or Type.Sfixed64:
                    output.WriteTag(field.Number, WireFormat.WireType.Fixed64);
                    output.WriteFixed64(1);
                    break;
                case Type.Float or Type.Fixed32 or Type.Sfixed32:
                    output.WriteTag(field.Number, WireFormat.WireType.Fixed32);
                    output.WriteFixed32(1);
                    break;
            }
        }
    }

    private static byte[] Encode(ReflectedServices schema, DescriptorProto message, int depth)
    {
        using var buffer = new MemoryStream();
        var output = new CodedOutputStream(buffer);
        Write(schema, message, output, depth);
        output.Flush();
        return buffer.ToArray();
    }

    private static string StringFor(string field) => field switch
    {
        "tenant" or "tenant_id" => "acme",
        "env" or "environment_id" => "dev",
        "provider_type" or "op" or "provider" or "component_id" => "echo",
        "url" => "http://127.0.0.1:1/",
        "method" => "GET",
        _ when field.EndsWith("json", StringComparison.Ordinal) => "{}",
        _ => "valid",
    };
}
