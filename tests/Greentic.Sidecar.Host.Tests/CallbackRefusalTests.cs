using Google.Protobuf;
using Greentic.ControlPlane.Auth;
using Greentic.Provider.V1;
using Greentic.TestSupport;
using Greentic.Types.V1;
using Grpc.Core;

namespace Greentic.Sidecar.Host.Tests;

/// <summary>
/// A callback the control plane refuses comes back from either sidecar with the control plane's own status and text —
/// not INTERNAL wrapping "7 PERMISSION_DENIED: …" — so whoever reads it sees who refused what.
/// </summary>
public sealed class CallbackRefusalTests : IAsyncLifetime
{
    private readonly InProcessControlPlane _controlPlane = new();

    public static TheoryData<string> Sidecars => new() { "csharp", "node" };

    public Task InitializeAsync() => _controlPlane.InitializeAsync();

    public Task DisposeAsync() => _controlPlane.DisposeAsync();

    [Theory, MemberData(nameof(Sidecars))]
    public async Task A_refused_callback_keeps_its_status_and_message(string kind)
    {
        // A sidecar identity called outside any provider call the control plane has in progress: refused.
        var token = _controlPlane.Issuer.Issue(new DevTokenRequest { Subject = "sidecar:test", Roles = [GreenticRoles.Sidecar] });
        await using var sidecar = await SidecarProcess.StartAsync(kind, new Dictionary<string, string> { ["GREENTIC_SIDECAR_TOKEN"] = token },
            "--control-plane", _controlPlane.GrpcTarget);
        var client = new ProviderService.ProviderServiceClient(sidecar.Channel.Invoker);

        var error = await Assert.ThrowsAsync<RpcException>(() => client.InvokeAsync(new InvokeRequest
        {
            Ctx = new TenantCtx { Env = "dev", Tenant = "acme", TenantId = "acme" },
            ProviderType = "messaging.dummy", Op = "send_payload", InputJson = ByteString.CopyFromUtf8("""{"v":1,"payload":{}}"""),
        }, deadline: DateTime.UtcNow.AddSeconds(30)).ResponseAsync);

        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
        Assert.StartsWith("provider sidecar 'sidecar:test'", error.Status.Detail);
        Assert.DoesNotContain("7 PERMISSION_DENIED", error.Status.Detail);
    }
}
