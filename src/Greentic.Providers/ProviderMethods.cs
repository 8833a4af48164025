using System.Collections.Frozen;
using Google.Protobuf;
using Greentic.Provider.V1;
using Grpc.Core;

namespace Greentic.Providers;

/// <summary>
/// The ProviderService rpcs as untyped <see cref="Method{TRequest,TResponse}"/>s over <see cref="IMessage"/>, so a
/// <see cref="CallInvoker"/> can make any provider call through one code path (<see cref="ProviderMessages"/> builds
/// the messages). Each method's response marshaller parses the response type of that rpc.
/// </summary>
public static class ProviderMethods
{
    private static readonly Marshaller<IMessage> Requests = Marshallers.Create<IMessage>(
        Write, _ => throw new NotSupportedException("requests are only written by this marshaller"));

    private static readonly FrozenDictionary<ProviderFunction, Method<IMessage, IMessage>> Methods = new Dictionary<ProviderFunction, Method<IMessage, IMessage>>
    {
        [ProviderFunction.Describe] = Create("Describe", DescribeResponse.Parser),
        [ProviderFunction.ValidateConfig] = Create("ValidateConfig", ValidateConfigResponse.Parser),
        [ProviderFunction.Healthcheck] = Create("Healthcheck", HealthcheckResponse.Parser),
        [ProviderFunction.Invoke] = Create("Invoke", InvokeResponse.Parser),
    }.ToFrozenDictionary();

    public static Method<IMessage, IMessage> For(ProviderFunction function) => Methods[function];

    private static Method<IMessage, IMessage> Create(string name, MessageParser parser)
    {
        if (ProviderService.Descriptor.FindMethodByName(name) is null)
            throw new InvalidOperationException($"ProviderService has no rpc '{name}'");
        var responses = Marshallers.Create<IMessage>(Write, context => parser.ParseFrom(context.PayloadAsReadOnlySequence()));
        return new Method<IMessage, IMessage>(MethodType.Unary, ProviderService.Descriptor.FullName, name, Requests, responses);
    }

    private static void Write(IMessage message, SerializationContext context)
    {
        context.SetPayloadLength(message.CalculateSize());
        message.WriteTo(context.GetBufferWriter());
        context.Complete();
    }
}
