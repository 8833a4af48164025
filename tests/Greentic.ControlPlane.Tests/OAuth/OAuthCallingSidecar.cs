using System.Text.Json.Nodes;
using Google.Protobuf;
using Greentic.Oauth.V1;
using Greentic.Provider.V1;
using Greentic.Providers.Channels;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Greentic.ControlPlane.Tests.OAuth;

/// <summary>
/// A provider sidecar hosted in the test on a Unix socket (grpc-dotnet, h2c) that, on Invoke, calls the control plane's
/// OAuthBrokerService back with its own sidecar token and the tenant context it was called with — or, when the input
/// says <c>"tenant":"…"</c>, that context with another tenant written in. It answers what the broker said:
/// <c>{"ok":true,"token_set":…}</c> or <c>{"ok":false,"error":{"code":STATUS,"message":…}}</c>.
/// </summary>
internal sealed class OAuthCallingSidecar : IAsyncDisposable
{
    private readonly WebApplication _app;

    private OAuthCallingSidecar(WebApplication app) => _app = app;

    public static async Task<OAuthCallingSidecar> StartAsync(string socket, string controlPlaneTarget, string sidecarToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.ListenUnixSocket(socket, l => l.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(new Callback(TargetChannel.Create(controlPlaneTarget), sidecarToken));
        var app = builder.Build();
        app.MapGrpcService<Service>();
        await app.StartAsync();
        return new OAuthCallingSidecar(app);
    }

    public async ValueTask DisposeAsync()
    {
        _app.Services.GetRequiredService<Callback>().Channel.Dispose();
        await _app.DisposeAsync();
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
