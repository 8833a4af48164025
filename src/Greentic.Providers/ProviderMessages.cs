using Google.Protobuf;
using Greentic.Provider.V1;
using Grpc.Core;

namespace Greentic.Providers;

/// <summary>
/// Converts between the ProviderService messages and <see cref="ProviderCall"/>: the one place that knows
/// which request field carries which argument and which response field carries the result.
/// </summary>
public static class ProviderMessages
{
    public static ProviderCall ToCall(IMessage request) => request switch
    {
        DescribeRequest r => new(r.ProviderType, ProviderFunction.Describe, ProviderCall.OpName(ProviderFunction.Describe), default, r.Ctx ?? new()),
        ValidateConfigRequest r => new(r.ProviderType, ProviderFunction.ValidateConfig, ProviderCall.OpName(ProviderFunction.ValidateConfig), r.ConfigJson.Memory, r.Ctx ?? new()),
        HealthcheckRequest r => new(r.ProviderType, ProviderFunction.Healthcheck, ProviderCall.OpName(ProviderFunction.Healthcheck), default, r.Ctx ?? new()),
        InvokeRequest r => new(r.ProviderType, ProviderFunction.Invoke, r.Op, r.InputJson.Memory, r.Ctx ?? new()),
        _ => throw new RpcException(new Status(StatusCode.Unimplemented, $"'{request.Descriptor.FullName}' is not a ProviderService request")),
    };

    /// <summary>The request message for <paramref name="call"/>, as a client sends it (the JSON is shared, not copied).</summary>
    public static IMessage ToRequest(ProviderCall call) => call.Function switch
    {
        ProviderFunction.Describe => new DescribeRequest { Ctx = call.Ctx, ProviderType = call.ProviderType },
        ProviderFunction.ValidateConfig => new ValidateConfigRequest { Ctx = call.Ctx, ProviderType = call.ProviderType, ConfigJson = UnsafeByteOperations.UnsafeWrap(call.Json) },
        ProviderFunction.Healthcheck => new HealthcheckRequest { Ctx = call.Ctx, ProviderType = call.ProviderType },
        _ => new InvokeRequest { Ctx = call.Ctx, ProviderType = call.ProviderType, Op = call.Op, InputJson = UnsafeByteOperations.UnsafeWrap(call.Json) },
    };

    /// <summary>The response message carrying <paramref name="json"/> for <paramref name="function"/>.</summary>
    public static IMessage ToResponse(ProviderFunction function, ByteString json) => function switch
    {
        ProviderFunction.Describe => new DescribeResponse { DescribeJson = json },
        ProviderFunction.ValidateConfig => new ValidateConfigResponse { ResultJson = json },
        ProviderFunction.Healthcheck => new HealthcheckResponse { HealthJson = json },
        _ => new InvokeResponse { OutputJson = json },
    };

    /// <summary>The JSON result a response carries.</summary>
    public static ByteString ResultJson(IMessage response) => response switch
    {
        DescribeResponse r => r.DescribeJson,
        ValidateConfigResponse r => r.ResultJson,
        HealthcheckResponse r => r.HealthJson,
        InvokeResponse r => r.OutputJson,
        _ => throw new ArgumentException($"'{response.Descriptor.FullName}' is not a ProviderService response", nameof(response)),
    };
}
