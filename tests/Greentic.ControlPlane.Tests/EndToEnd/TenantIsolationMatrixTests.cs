using System.Text;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Greentic.ControlPlane.Auth;
using Grpc.Core;
using Greentic.Providers.Channels;
using Greentic.Types.V1;
using Microsoft.IdentityModel.Tokens;

namespace Greentic.ControlPlane.Tests.EndToEnd;

/// <summary>
/// Every tenant-scoped service × every kind of caller, against a real control plane: only calls with valid
/// credentials for the tenant they name succeed; every refusal has the right status and a useful message.
/// </summary>
[Collection(InProcessControlPlaneCollection.Name)]
public sealed class TenantIsolationMatrixTests(InProcessControlPlane cp)
{
    public static TheoryData<string, string> Matrix()
    {
        var data = new TheoryData<string, string>();
        foreach (var service in new[] { "provider", "state", "secrets", "http", "telemetry", "distributor" })
            foreach (var caller in new[] { "own-tenant", "other-tenant", "no-token", "expired-token", "wrong-audience", "forged-signature", "alg-none", "other-sidecar-cert", "untrusted-cert" })
                data.Add(service, caller);
        return data;
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task OnlyOwnTenantCallsSucceed(string service, string caller)
    {
        using var channel = caller.EndsWith("-cert", StringComparison.Ordinal)
            ? cp.TlsChannel(caller == "other-sidecar-cert"
                ? cp.Pki.Client("spiffe://greentic/tenant/globex/sidecar/telegram")
                : cp.Pki.Client("spiffe://greentic/tenant/acme/sidecar/telegram", fromStrangerCa: true))
            : cp.Channel();
        var headers = Headers(caller);
        var call = Call(service, channel, headers);

        if (caller == "own-tenant")
        {
            if (service == "distributor")
            {
                // This control plane loads no packs: reaching the handler for acme is the success.
                var none = await Assert.ThrowsAsync<RpcException>(() => call);
                Assert.Equal(StatusCode.NotFound, none.StatusCode);
                Assert.Contains("no packs are loaded for tenant 'acme'", none.Status.Detail);
                return;
            }
            await call;
            return;
        }
        var ex = await Assert.ThrowsAsync<RpcException>(() => call);
        var expected = caller is "other-tenant" or "other-sidecar-cert" ? StatusCode.PermissionDenied : StatusCode.Unauthenticated;
        Assert.True(expected == ex.StatusCode, $"{service}/{caller}: expected {expected}, got {ex.StatusCode}: {ex.Status.Detail}");
        Assert.False(string.IsNullOrWhiteSpace(ex.Status.Detail), "a refusal must say why");
        if (headers?.GetValue("authorization") is { } auth)
            Assert.DoesNotContain(auth["Bearer ".Length..], ex.Status.Detail);
        if (expected == StatusCode.PermissionDenied) Assert.Contains("acme", ex.Status.Detail);
    }

    private Metadata? Headers(string caller) => caller switch
    {
        "own-tenant" => InProcessControlPlane.Bearer(cp.Token("acme", GreenticRoles.Admin)),
        "other-tenant" => InProcessControlPlane.Bearer(cp.Token("globex", GreenticRoles.Admin)),
        "expired-token" => InProcessControlPlane.Bearer(cp.Issuer.Issue(new DevTokenRequest
        {
            Tenants = ["acme"], Roles = [GreenticRoles.Admin], IssuedAt = DateTimeOffset.UtcNow.AddHours(-3),
            NotBefore = DateTimeOffset.UtcNow.AddHours(-3), Lifetime = TimeSpan.FromHours(1),
        })),
        "wrong-audience" => InProcessControlPlane.Bearer(cp.Issuer.Issue(new DevTokenRequest { Tenants = ["acme"], Roles = [GreenticRoles.Admin], Audience = "someone-else" })),
        "forged-signature" => InProcessControlPlane.Bearer(Forge()),
        "alg-none" => InProcessControlPlane.Bearer(AlgNone()),
        _ => null,
    };

    /// <summary>A token claiming our issuer's key id, signed by another key.</summary>
    private string Forge()
    {
        var valid = cp.Token("acme", GreenticRoles.Admin).Split('.');
        var header = JsonNode.Parse(Base64UrlEncoder.DecodeBytes(valid[0]))!.AsObject();
        var payload = JsonNode.Parse(Base64UrlEncoder.DecodeBytes(valid[1]))!.AsObject();
        return DevTokenIssuer.CreateEphemeral().Sign(header, payload);
    }

    private string AlgNone()
    {
        var valid = cp.Token("acme", GreenticRoles.Admin).Split('.');
        var header = Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes("""{"alg":"none","typ":"JWT"}"""));
        return $"{header}.{valid[1]}.";
    }

    private Task Call(string service, TargetChannel channel, Metadata? headers)
    {
        var ctx = new TenantCtx { Env = "dev", Tenant = "acme" };
        var deadline = DateTime.UtcNow.AddSeconds(10);
        return service switch
        {
            "provider" => new global::Greentic.Provider.V1.ProviderService.ProviderServiceClient(channel.Invoker).InvokeAsync(new global::Greentic.Provider.V1.InvokeRequest
            {
                Ctx = ctx, ProviderType = "echo", Op = "echo", InputJson = ByteString.CopyFromUtf8("{}"),
            }, headers, deadline).ResponseAsync,
            "state" => new global::Greentic.State.V1.StateService.StateServiceClient(channel.Invoker).WriteAsync(new global::Greentic.State.V1.WriteRequest
            {
                Ctx = ctx, Key = "matrix", Value = ByteString.CopyFromUtf8("v"),
            }, headers, deadline).ResponseAsync,
            "secrets" => new global::Greentic.Secrets.V1.SecretsService.SecretsServiceClient(channel.Invoker).GetAsync(new global::Greentic.Secrets.V1.GetRequest
            {
                Ctx = ctx, Key = "app/missing",
            }, headers, deadline).ResponseAsync,
            "http" => new global::Greentic.Http.V1.HttpService.HttpServiceClient(channel.Invoker).SendAsync(new global::Greentic.Http.V1.SendRequest
            {
                Ctx = ctx, Request = new global::Greentic.Http.V1.HttpRequest { Method = "GET", Url = cp.HttpAddress + "/healthz" },
            }, headers, deadline).ResponseAsync,
            "telemetry" => new global::Greentic.Telemetry.V1.TelemetryService.TelemetryServiceClient(channel.Invoker).LogAsync(new global::Greentic.Telemetry.V1.LogRequest
            {
                Ctx = ctx, Span = new SpanContext { Tenant = "acme", FlowId = "f", Provider = "echo" },
            }, headers, deadline).ResponseAsync,
            _ => new global::Greentic.Distributor.V1.DistributorService.DistributorServiceClient(channel.Invoker).ResolveRefAsync(new global::Greentic.Distributor.V1.ResolveRefRequest
            {
                Ctx = ctx, Ref = "acme.app",
            }, headers, deadline).ResponseAsync,
        };
    }
}
