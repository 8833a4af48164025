using System.Text;
using Google.Protobuf;
using Greentic.ControlPlane.Auth;
using Greentic.Provider.V1;
using Greentic.Secrets.V1;
using Greentic.Types.V1;
using Grpc.Core;

namespace Greentic.ControlPlane.Tests.Errors;

/// <summary>
/// Every error the control plane returns carries a google.rpc.Status with an ErrorInfo naming the cause — handler
/// errors (the interceptor), Trailers-Only refusals of the pipeline (authentication, message size) — read here the
/// way a C# client reads them. Details never carry a token or a secret.
/// </summary>
public sealed class StatusDetailsTests(StatusDetailsControlPlane cp) : IClassFixture<StatusDetailsControlPlane>
{
    private static readonly TenantCtx Acme = new() { Env = "dev", Tenant = "acme" };

    private static InvokeRequest Invoke(string providerType, string op, ByteString input) =>
        new() { Ctx = Acme, ProviderType = providerType, Op = op, InputJson = input };

    [Fact]
    public async Task A_token_from_an_untrusted_issuer_is_UNAUTHENTICATED_and_the_details_hold_no_part_of_it()
    {
        using var stranger = DevTokenIssuer.CreateEphemeral();
        var token = stranger.Issue(new DevTokenRequest { Subject = "mallory", Tenants = ["acme"] });
        using var channel = cp.Channel();
        var client = new ProviderService.ProviderServiceClient(channel.Invoker);

        var details = await RpcStatusReader.FailureOf(
            () => client.InvokeAsync(Invoke("echo", "echo", ByteString.CopyFromUtf8("{}")), InProcessControlPlane.Bearer(token)).ResponseAsync,
            StatusCode.Unauthenticated);

        Assert.Equal("UNAUTHENTICATED", details.Info.Reason);
        Assert.Equal("bearer", details.Meta("credential"));
        foreach (var part in token.Split('.')) Assert.DoesNotContain(part, details.Wire);
    }

    [Fact]
    public async Task A_call_without_credentials_names_none()
    {
        using var channel = cp.Channel();
        var client = new ProviderService.ProviderServiceClient(channel.Invoker);
        var details = await RpcStatusReader.FailureOf(
            () => client.InvokeAsync(Invoke("echo", "echo", ByteString.CopyFromUtf8("{}"))).ResponseAsync, StatusCode.Unauthenticated);
        Assert.Equal("UNAUTHENTICATED", details.Info.Reason);
        Assert.Equal("none", details.Meta("credential"));
    }

    [Fact]
    public async Task A_tenant_the_token_does_not_grant_is_TENANT_NOT_GRANTED_naming_it()
    {
        using var channel = cp.Channel();
        var client = new ProviderService.ProviderServiceClient(channel.Invoker);
        var request = Invoke("echo", "echo", ByteString.CopyFromUtf8("{}"));
        request.Ctx = new TenantCtx { Env = "dev", Tenant = "globex" };
        var details = await RpcStatusReader.FailureOf(
            () => client.InvokeAsync(request, InProcessControlPlane.Bearer(cp.Token("acme"))).ResponseAsync, StatusCode.PermissionDenied);
        Assert.Equal("TENANT_NOT_GRANTED", details.Info.Reason);
        Assert.Equal("globex", details.Meta("tenant"));
        Assert.Null(details.Retry);
    }

    [Fact]
    public async Task Putting_a_secret_without_the_admin_role_is_ROLE_REQUIRED_and_the_value_is_nowhere_in_the_details()
    {
        using var channel = cp.Channel();
        var client = new SecretsService.SecretsServiceClient(channel.Invoker);
        const string value = "s3cret-value-that-must-not-leak";
        var details = await RpcStatusReader.FailureOf(
            () => client.PutAsync(new PutRequest { Ctx = Acme, Key = "dummy/api_token", Value = ByteString.CopyFromUtf8(value) },
                InProcessControlPlane.Bearer(cp.Token("acme"))).ResponseAsync,
            StatusCode.PermissionDenied);
        Assert.Equal("ROLE_REQUIRED", details.Info.Reason);
        Assert.Equal("admin", details.Meta("role"));
        Assert.Equal("acme", details.Meta("tenant"));
        Assert.DoesNotContain(value, details.Wire);
    }

    [Fact]
    public async Task An_invalid_secret_key_keeps_the_value_out_of_the_details()
    {
        using var channel = cp.Channel();
        var client = new SecretsService.SecretsServiceClient(channel.Invoker);
        const string value = "another-value-that-must-not-leak";
        var details = await RpcStatusReader.FailureOf(
            () => client.PutAsync(new PutRequest { Ctx = Acme, Key = "no slashes or spaces allowed here/", Value = ByteString.CopyFromUtf8(value) },
                InProcessControlPlane.Bearer(cp.Token("acme", GreenticRoles.Admin))).ResponseAsync,
            StatusCode.InvalidArgument);
        Assert.Equal("INVALID_ARGUMENT", details.Info.Reason);
        Assert.Equal("acme", details.Meta("tenant"));
        Assert.DoesNotContain(value, details.Wire);
    }

    [Fact]
    public async Task An_unrouted_provider_is_NO_ROUTE_naming_tenant_provider_and_op()
    {
        using var channel = cp.Channel();
        var client = new ProviderService.ProviderServiceClient(channel.Invoker);
        var details = await RpcStatusReader.FailureOf(
            () => client.InvokeAsync(Invoke("messaging.nowhere", "send", ByteString.CopyFromUtf8("{}")), InProcessControlPlane.Bearer(cp.Token("acme"))).ResponseAsync,
            StatusCode.NotFound);
        Assert.Equal("NO_ROUTE", details.Info.Reason);
        Assert.Equal(("acme", "messaging.nowhere", "send"), (details.Meta("tenant"), details.Meta("provider_type"), details.Meta("op")));
    }

    [Fact]
    public async Task A_request_over_the_limit_is_refused_Trailers_Only_as_MESSAGE_TOO_LARGE_naming_size_limit_and_setting()
    {
        using var channel = cp.Channel();
        var client = new ProviderService.ProviderServiceClient(channel.Invoker);
        var input = ByteString.CopyFrom(Encoding.ASCII.GetBytes(new string(' ', StatusDetailsControlPlane.MaxMessageSize + 100)));
        var details = await RpcStatusReader.FailureOf(
            () => client.InvokeAsync(Invoke("echo", "echo", input), InProcessControlPlane.Bearer(cp.Token("acme"))).ResponseAsync,
            StatusCode.ResourceExhausted);
        Assert.Equal("MESSAGE_TOO_LARGE", details.Info.Reason);
        Assert.Equal(StatusDetailsControlPlane.MaxMessageSize.ToString(System.Globalization.CultureInfo.InvariantCulture), details.Meta("limit"));
        Assert.Equal("Greentic:ControlPlane:MaxMessageSize", details.Meta("setting"));
        Assert.True(long.Parse(details.Meta("size"), System.Globalization.CultureInfo.InvariantCulture) > StatusDetailsControlPlane.MaxMessageSize);
    }

    [Fact]
    public async Task An_answer_over_the_limit_is_MESSAGE_TOO_LARGE_naming_the_provider()
    {
        using var channel = cp.Channel();
        var client = new ProviderService.ProviderServiceClient(channel.Invoker);
        // The largest request the limit lets in: echo's answer wraps the same JSON in a few more bytes.
        var pad = StatusDetailsControlPlane.MaxMessageSize;
        InvokeRequest request;
        do request = Invoke("echo", "echo", ByteString.CopyFromUtf8($$"""{"pad":"{{new string('x', pad--)}}"}"""));
        while (request.CalculateSize() > StatusDetailsControlPlane.MaxMessageSize);
        var details = await RpcStatusReader.FailureOf(
            () => client.InvokeAsync(request, InProcessControlPlane.Bearer(cp.Token("acme"))).ResponseAsync,
            StatusCode.ResourceExhausted);
        Assert.Equal("MESSAGE_TOO_LARGE", details.Info.Reason);
        Assert.Equal("echo", details.Meta("provider_type"));
    }

    [Fact]
    public async Task An_unreachable_sidecar_is_PROVIDER_UNAVAILABLE_and_once_its_breaker_opens_RetryInfo_says_when_to_try_again()
    {
        using var channel = cp.Channel();
        var client = new ProviderService.ProviderServiceClient(channel.Invoker);
        var bearer = InProcessControlPlane.Bearer(cp.Token("acme"));
        Func<Task> call = () => client.InvokeAsync(Invoke("messaging.dead", "send", ByteString.CopyFromUtf8("{}")), bearer).ResponseAsync;

        var first = await RpcStatusReader.FailureOf(call, StatusCode.Unavailable);
        Assert.Equal("PROVIDER_UNAVAILABLE", first.Info.Reason);
        Assert.Equal(StatusDetailsControlPlane.DeadRoute, first.Meta("route"));
        Assert.Equal("sidecar", first.Meta("transport"));

        RpcStatusReader? open = null;
        for (var i = 0; i < 20 && open is null; i++)
        {
            var details = await RpcStatusReader.FailureOf(call, StatusCode.Unavailable);
            if (details.Meta("circuit") == "open") open = details;
        }
        Assert.NotNull(open);
        Assert.Equal("PROVIDER_UNAVAILABLE", open.Info.Reason);
        Assert.Equal(StatusDetailsControlPlane.DeadRoute, open.Meta("route"));
        Assert.NotNull(open.Retry);
        var delay = open.Retry.RetryDelay.ToTimeSpan();
        Assert.InRange(delay, TimeSpan.FromTicks(1), TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task A_service_this_control_plane_does_not_serve_is_UNIMPLEMENTED_with_details_too()
    {
        using var channel = cp.Channel();
        var empty = Marshallers.Create((Google.Protobuf.WellKnownTypes.Empty m) => m.ToByteArray(), Google.Protobuf.WellKnownTypes.Empty.Parser.ParseFrom);
        var nowhere = new Method<Google.Protobuf.WellKnownTypes.Empty, Google.Protobuf.WellKnownTypes.Empty>(
            MethodType.Unary, "greentic.nowhere.v1.NowhereService", "Call", empty, empty);
        var details = await RpcStatusReader.FailureOf(
            () => channel.Invoker.AsyncUnaryCall(nowhere, null, new CallOptions(InProcessControlPlane.Bearer(cp.Token("acme"))), new Google.Protobuf.WellKnownTypes.Empty()).ResponseAsync,
            StatusCode.Unimplemented);
        Assert.Equal("UNIMPLEMENTED", details.Info.Reason);
    }
}
