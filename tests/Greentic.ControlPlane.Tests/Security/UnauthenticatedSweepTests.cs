using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Greentic.ControlPlane.Auth;
using Greentic.ControlPlane.Tests.Calls;
using Greentic.ControlPlane.Tests.Reflection;
using Grpc.Core;
using Microsoft.IdentityModel.Tokens;

namespace Greentic.ControlPlane.Tests.Security;

/// <summary>
/// Every unary method of every <c>greentic.*</c> service the control plane serves — found through server reflection,
/// as an outside client would — answers UNAUTHENTICATED, with a message naming what to send, to a call without credentials and to calls
/// with forged tokens, whatever the request body. AdminService has its own scheme (ADMIN_TOKEN, set here): it refuses
/// with UNAUTHENTICATED or PERMISSION_DENIED.
/// </summary>
public sealed class UnauthenticatedSweepTests(AdminTokenControlPlane cp) : IClassFixture<AdminTokenControlPlane>
{
    private const string AdminService = "greentic.admin.v1.AdminService";

    private static readonly Marshaller<byte[]> Raw = Marshallers.Create(b => b, b => b);

    [Fact]
    public async Task Every_unary_greentic_method_refuses_calls_without_valid_credentials_whatever_the_body()
    {
        using var channel = cp.Channel();
        var schema = await ReflectedServices.DescribeAsync(channel.Invoker, "greentic.");
        Assert.Superset(new HashSet<string>
        {
            "greentic.provider.v1.ProviderService", "greentic.secrets.v1.SecretsService", "greentic.state.v1.StateService",
            "greentic.http.v1.HttpService", "greentic.telemetry.v1.TelemetryService", "greentic.distributor.v1.DistributorService", AdminService,
        }, schema.Services.ToHashSet());
        var unary = schema.Methods.Where(m => m.IsUnary).ToList();
        Assert.True(unary.Count >= 20, $"reflection described only {unary.Count} unary methods: {string.Join(", ", unary)}");

        var credentials = Credentials();
        var failures = new List<string>();
        var calls = 0;
        foreach (var method in unary)
        {
            var bodies = new (string Name, byte[] Bytes)[]
            {
                ("empty body", []),
                ("random bytes", RandomNumberGenerator.GetBytes(64)),
                ("valid-looking body", PlausibleRequest.Encode(schema, method.Request)),
            };
            foreach (var (credential, headers) in credentials)
                foreach (var (body, bytes) in bodies)
                {
                    calls++;
                    var outcome = await CallAsync(channel.Invoker, method, headers, bytes);
                    var allowed = method.Service == AdminService
                        ? new[] { StatusCode.Unauthenticated, StatusCode.PermissionDenied }
                        : [StatusCode.Unauthenticated];
                    if (outcome is null)
                        failures.Add($"{method} with {credential} and {body}: succeeded");
                    else if (!allowed.Contains(outcome.StatusCode) || !SaysWhatToSend(outcome.Status.Detail))
                        failures.Add($"{method} with {credential} and {body}: {outcome.StatusCode} '{outcome.Status.Detail}'");
                }
        }
        Assert.True(failures.Count == 0, $"{failures.Count} of {calls} calls were not refused as unauthenticated:\n{string.Join('\n', failures)}");
    }

    [Fact]
    public async Task An_unauthenticated_invoke_with_an_empty_body_is_unauthenticated_not_invalid_argument()
    {
        using var channel = cp.Channel();
        var ex = await Assert.ThrowsAsync<RpcException>(() => new Greentic.Provider.V1.ProviderService.ProviderServiceClient(channel.Invoker)
            .InvokeAsync(new Greentic.Provider.V1.InvokeRequest(), deadline: DateTime.UtcNow.AddSeconds(30)).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, ex.StatusCode);
        Assert.Contains("the call carries no credentials: send 'authorization: Bearer <jwt>' or connect over TLS with a client certificate", ex.Status.Detail);
    }

    [Fact]
    public async Task The_admin_service_answers_its_own_bearer_and_refuses_a_tenant_token()
    {
        using var channel = cp.Channel();
        var admin = new Greentic.Admin.V1.AdminService.AdminServiceClient(channel.Invoker);
        var tenantToken = await Assert.ThrowsAsync<RpcException>(() => admin.ListRoutesAsync(new Greentic.Admin.V1.ListRoutesRequest(),
            InProcessControlPlane.Bearer(cp.Token("acme", GreenticRoles.Admin)), DateTime.UtcNow.AddSeconds(30)).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, tenantToken.StatusCode);
        Assert.Contains("the admin token is wrong", tenantToken.Status.Detail);

        var routes = await admin.ListRoutesAsync(new Greentic.Admin.V1.ListRoutesRequest(),
            InProcessControlPlane.Bearer(AdminTokenControlPlane.AdminToken), DateTime.UtcNow.AddSeconds(30));
        Assert.Contains(routes.Rules, r => r.ProviderType == "echo");

        // The reverse holds too: the admin token is no tenant credential.
        var asTenant = await Assert.ThrowsAsync<RpcException>(() => EchoCall.InvokeAsync(channel.Invoker, InProcessControlPlane.Bearer(AdminTokenControlPlane.AdminToken)));
        Assert.Equal(StatusCode.Unauthenticated, asTenant.StatusCode);
    }

    /// <summary>The control plane's own refusal, naming the credentials to send — not a client's guess from a bare HTTP status.</summary>
    private static bool SaysWhatToSend(string detail) =>
        detail.Contains("token", StringComparison.OrdinalIgnoreCase) || detail.Contains("credentials", StringComparison.OrdinalIgnoreCase);

    private (string Name, Metadata? Headers)[] Credentials()
    {
        var valid = cp.Token("acme", GreenticRoles.Admin).Split('.');
        var header = JsonNode.Parse(Base64UrlEncoder.DecodeBytes(valid[0]))!.AsObject();
        var payload = JsonNode.Parse(Base64UrlEncoder.DecodeBytes(valid[1]))!.AsObject();
        using var forger = DevTokenIssuer.CreateEphemeral();
        var hs256Header = Base64UrlEncoder.Encode($$"""{"alg":"HS256","typ":"JWT","kid":"{{cp.Issuer.KeyId}}"}""");
        var hs256Input = hs256Header + "." + valid[1];
        var hs256 = hs256Input + "." + Base64UrlEncoder.Encode(HMACSHA256.HashData(Encoding.UTF8.GetBytes(cp.Issuer.PublicJwksJson), Encoding.ASCII.GetBytes(hs256Input)));
        return
        [
            ("no credentials", null),
            ("a token signed by another key under the trusted kid", InProcessControlPlane.Bearer(forger.Sign(header, payload))),
            ("an alg:none token", InProcessControlPlane.Bearer(Base64UrlEncoder.Encode("""{"alg":"none","typ":"JWT"}""") + "." + valid[1] + ".")),
            ("an HS256 token keyed with the public JWKS", InProcessControlPlane.Bearer(hs256)),
        ];
    }

    private static async Task<RpcException?> CallAsync(CallInvoker invoker, ReflectedMethod method, Metadata? headers, byte[] body)
    {
        var raw = new Method<byte[], byte[]>(MethodType.Unary, method.Service, method.Name, Raw, Raw);
        try
        {
            await invoker.AsyncUnaryCall(raw, null, new CallOptions(headers, DateTime.UtcNow.AddSeconds(30)), body);
            return null;
        }
        catch (RpcException e)
        {
            return e;
        }
    }
}
