using System.Text.Json.Nodes;
using Google.Protobuf;
using Greentic.Oauth.V1;
using Greentic.Provider.V1;
using Greentic.Providers.Channels;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;

namespace Greentic.ControlPlane.Tests.OAuth;

/// <summary>
/// A provider sidecar hosted in the test (an <see cref="InProcessSidecar"/>) that, on Invoke, calls the control plane's
/// OAuthBrokerService back with its own sidecar token and the tenant context it was called with — or, when the input
/// says <c>"tenant":"…"</c>, that context with another tenant written in. It answers what the broker said:
/// <c>{"ok":true,"token_set":…}</c> or <c>{"ok":false,"error":{"code":STATUS,"message":…}}</c>.
/// </summary>
internal sealed class OAuthCallingSidecar : IAsyncDisposable
{
    private readonly InProcessSidecar _sidecar;
    private readonly Callback _callback;

    private OAuthCallingSidecar(InProcessSidecar sidecar, Callback callback)
    {
        _sidecar = sidecar;
        _callback = callback;
    }

    public static async Task<OAuthCallingSidecar> StartAsync(string socket, string controlPlaneTarget, string sidecarToken)
    {
        var callback = new Callback(TargetChannel.Create(controlPlaneTarget), sidecarToken);
        var sidecar = await InProcessSidecar.StartAsync<Service>(socket, services => services.AddSingleton(callback));
        return new OAuthCallingSidecar(sidecar, callback);
    }

    public async ValueTask DisposeAsync()
    {
        _callback.Channel.Dispose();
        await _sidecar.DisposeAsync();
    }

    private sealed record Callback(TargetChannel Channel, string Token);

    private sealed class Service(Callback callback) : ProviderService.ProviderServiceBase
    {
        public override async Task<InvokeResponse> Invoke(InvokeRequest request, ServerCallContext context)
        {
            var input = JsonNode.Parse(request.InputJson.ToStringUtf8())!;
            var ctx = request.Ctx.Clone();
            if (input["tenant"]?.GetValue<string>() is { } tenant) ctx.Tenant = tenant;
            var broker = new OAuthBrokerService.OAuthBrokerServiceClient(callback.Channel.Invoker);
            JsonObject output;
            try
            {
                var set = await broker.GetTokenAsync(new GetTokenRequest
                {
                    Ctx = ctx, ProviderId = OAuthControlPlane.Provider, Subject = input["subject"]!.GetValue<string>(),
                }, new Metadata { { "authorization", "Bearer " + callback.Token } }, cancellationToken: context.CancellationToken);
                output = new JsonObject { ["ok"] = true, ["token_set"] = set.TokenSetJson };
            }
            catch (RpcException e)
            {
                output = new JsonObject { ["ok"] = false, ["error"] = new JsonObject { ["code"] = e.StatusCode.ToString(), ["message"] = e.Status.Detail } };
            }
            return new InvokeResponse { OutputJson = ByteString.CopyFromUtf8(output.ToJsonString()) };
        }
    }
}
