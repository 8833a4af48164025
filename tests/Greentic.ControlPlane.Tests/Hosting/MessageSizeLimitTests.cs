using Google.Protobuf;
using Greentic.ControlPlane.Tests.Calls;
using Greentic.Provider.V1;
using Grpc.Core;

namespace Greentic.ControlPlane.Tests.Hosting;

/// <summary>
/// <c>Greentic:ControlPlane:MaxMessageSize</c> limits requests and provider answers alike; an oversized message is
/// RESOURCE_EXHAUSTED with a message naming its size, the limit and the setting. Authentication still comes first.
/// </summary>
public sealed class MessageSizeLimitTests(SmallMessagesControlPlane cp) : IClassFixture<SmallMessagesControlPlane>
{
    private const string Setting = "Greentic:ControlPlane:MaxMessageSize";

    private static InvokeRequest Echo(int inputBytes) => EchoCall.Request(json: $$"""{"padding":"{{new string('x', inputBytes)}}"}""");

    private async Task<InvokeResponse> InvokeAsync(InvokeRequest request, Metadata? headers)
    {
        using var channel = cp.Channel();
        return await new ProviderService.ProviderServiceClient(channel.Invoker).InvokeAsync(request, headers, DateTime.UtcNow.AddSeconds(30));
    }

    [Fact]
    public async Task A_request_over_the_limit_is_resource_exhausted_naming_its_size_the_limit_and_the_setting()
    {
        var request = Echo(SmallMessagesControlPlane.Limit);
        var ex = await Assert.ThrowsAsync<RpcException>(() => InvokeAsync(request, InProcessControlPlane.Bearer(cp.Token("acme"))));
        Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
        Assert.Contains($"{request.CalculateSize()} bytes", ex.Status.Detail);
        Assert.Contains($"limit of {SmallMessagesControlPlane.Limit} bytes", ex.Status.Detail);
        Assert.Contains(Setting, ex.Status.Detail);

        var fits = await InvokeAsync(Echo(SmallMessagesControlPlane.Limit - 1024), InProcessControlPlane.Bearer(cp.Token("acme")));
        Assert.Contains("\"ok\":true", fits.OutputJson.ToStringUtf8());
    }

    /// <summary>A <c>sized.answer</c> call whose InvokeResponse is exactly <paramref name="responseBytes"/> long.</summary>
    private static InvokeRequest Answer(int responseBytes)
    {
        // InvokeResponse = tag (1) + length varint (3 at this size) + JSON {"ok":true,"padding":"…"} (24 + padding).
        var padding = responseBytes - 4 - 24;
        return new InvokeRequest
        {
            Ctx = EchoCall.Request().Ctx, ProviderType = "sized.answer", Op = "answer",
            InputJson = ByteString.CopyFromUtf8($$"""{"bytes":{{padding}}}"""),
        };
    }

    [Theory]
    [InlineData(SmallMessagesControlPlane.Limit + 1)]
    [InlineData(SmallMessagesControlPlane.Limit + 4096)]
    public async Task A_provider_answer_over_the_limit_is_resource_exhausted_naming_its_size_the_limit_and_the_setting(int responseBytes)
    {
        var ex = await Assert.ThrowsAsync<RpcException>(() => InvokeAsync(Answer(responseBytes), InProcessControlPlane.Bearer(cp.Token("acme"))));
        Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
        Assert.Contains($"provider 'sized.answer' answered {responseBytes} bytes", ex.Status.Detail);
        Assert.Contains($"limit of {SmallMessagesControlPlane.Limit} bytes", ex.Status.Detail);
        Assert.Contains(Setting, ex.Status.Detail);
    }

    [Fact]
    public async Task A_provider_answer_of_exactly_the_limit_is_delivered()
    {
        var response = await InvokeAsync(Answer(SmallMessagesControlPlane.Limit), InProcessControlPlane.Bearer(cp.Token("acme")));
        Assert.Equal(SmallMessagesControlPlane.Limit, response.CalculateSize());
    }

    [Fact]
    public async Task An_unauthenticated_oversized_request_is_unauthenticated()
    {
        var ex = await Assert.ThrowsAsync<RpcException>(() => InvokeAsync(Echo(4 * SmallMessagesControlPlane.Limit), headers: null));
        Assert.Equal(StatusCode.Unauthenticated, ex.StatusCode);
        Assert.Contains("carries no credentials", ex.Status.Detail);
    }
}
