using Google.Protobuf;
using Greentic.Provider.V1;
using Greentic.Types.V1;
using Grpc.Core;

namespace Greentic.ControlPlane.Tests.Calls;

/// <summary>The simplest tenant-scoped call there is: <c>ProviderService/Invoke</c> of the in-process echo provider.</summary>
internal static class EchoCall
{
    public static InvokeRequest Request(string tenant = "acme", string json = "{}") => new()
    {
        Ctx = new TenantCtx { Env = "dev", Tenant = tenant },
        ProviderType = "echo",
        Op = "echo",
        InputJson = ByteString.CopyFromUtf8(json),
    };

    public static Task<InvokeResponse> InvokeAsync(CallInvoker invoker, Metadata? headers, string tenant = "acme") =>
        new ProviderService.ProviderServiceClient(invoker).InvokeAsync(Request(tenant), headers, DateTime.UtcNow.AddSeconds(30)).ResponseAsync;
}
