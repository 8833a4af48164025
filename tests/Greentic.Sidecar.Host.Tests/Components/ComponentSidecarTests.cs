using System.Text.Json.Nodes;
using Google.Protobuf;
using Greentic.Provider.V1;
using Greentic.TestSupport;
using Greentic.Types.V1;
using Grpc.Core;

namespace Greentic.Sidecar.Host.Tests.Components;

/// <summary>
/// The C# sidecar host serving Wasm components (<c>--component</c>): the same engine host as the control plane, the
/// same statuses for component failures, guest output and telemetry in the sidecar's log.
/// </summary>
public sealed class ComponentSidecarTests
{
    private const string Hostile = "greentic.sample.hostile";
    private const string Hostio = "greentic.sample.hostio";
    private static readonly TenantCtx Acme = new() { Env = "dev", Tenant = "acme", TenantId = "acme", Team = "ops" };

    private static Task<InvokeResponse> InvokeAsync(SidecarProcess s, string provider, string op, string json, TimeSpan? deadline = null) =>
        new ProviderService.ProviderServiceClient(s.Channel.Invoker).InvokeAsync(new InvokeRequest
        {
            Ctx = Acme, ProviderType = provider, Op = op, InputJson = ByteString.CopyFromUtf8(json),
        }, deadline: DateTime.UtcNow + (deadline ?? TimeSpan.FromSeconds(60))).ResponseAsync;

    private static async Task<RpcException> FailsAsync(SidecarProcess s, string provider, string op, TimeSpan? deadline = null) =>
        await Assert.ThrowsAsync<RpcException>(() => InvokeAsync(s, provider, op, "{}", deadline));

    [Fact]
    public async Task Component_failures_get_the_statuses_they_get_in_process()
    {
        await using var s = await SidecarProcess.StartAsync("csharp", "--component", SampleComponents.Path("hostile"));
        var trap = await FailsAsync(s, Hostile, "trap");
        Assert.Equal(StatusCode.Internal, trap.StatusCode);
        Assert.Contains("unreachable", trap.Status.Detail);
        Assert.StartsWith($"provider '{Hostile}' (component hostile.wasm sha256:", trap.Status.Detail);
        Assert.Equal(StatusCode.ResourceExhausted, (await FailsAsync(s, Hostile, "big")).StatusCode);
        Assert.Equal(StatusCode.ResourceExhausted, (await FailsAsync(s, Hostile, "recurse")).StatusCode);
        Assert.Equal(StatusCode.DeadlineExceeded, (await FailsAsync(s, Hostile, "loop", TimeSpan.FromSeconds(1))).StatusCode);
        Assert.Equal(StatusCode.NotFound, (await FailsAsync(s, "greentic.sample.nope", "ok")).StatusCode);
        // The sidecar stopped the loop at its deadline itself, and says so (not a cancellation).
        await Eventually(() => s.Output.Contains("#invoke of sha256:") && s.Output.Contains("failed: DeadlineExceeded"), s);
        var ok = await InvokeAsync(s, Hostile, "ok", "{}");
        Assert.Equal("""{"ok":true,"op":"ok"}""", ok.OutputJson.ToStringUtf8());
    }

    [Fact]
    public async Task An_import_that_is_not_granted_fails_every_call_with_failed_precondition_naming_it()
    {
        await using var s = await SidecarProcess.StartAsync("csharp", "--component", SampleComponents.Path("hostio"), "--provider-type", Hostio);
        var e = await FailsAsync(s, Hostio, "state");
        Assert.Equal(StatusCode.FailedPrecondition, e.StatusCode);
        Assert.Contains("greentic:state/state-store@1.0.0", e.Status.Detail);
        Assert.Contains("cannot run here", s.Output);
    }

    [Fact]
    public async Task A_component_that_cannot_load_and_has_no_provider_type_stops_the_start_with_exit_2()
    {
        var result = await ProcessRunner.RunAsync(RepoPaths.Dotnet,
            [RepoPaths.SidecarDll, "--listen", "unix://" + Path.Combine(Path.GetTempPath(), $"gt-{Guid.NewGuid():N}.sock"), "--component", SampleComponents.Path("hostio")],
            RepoPaths.Root);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("give --provider-type", result.Stderr);
    }

    [Fact]
    public async Task Guest_telemetry_and_output_reach_the_sidecar_log_tagged_with_the_calls_tenant()
    {
        await using var s = await SidecarProcess.StartAsync("csharp",
            "--component", SampleComponents.Path("hostio"), "--component", SampleComponents.Path("echo"), "--grant", "state");
        var run = JsonNode.Parse((await InvokeAsync(s, Hostio, "run", """{"secret":"a/b","state_key":"k","state_value":"v","url":"http://127.0.0.1:9/"}""")).OutputJson.ToStringUtf8())!;
        // Without --control-plane the imports have nobody to ask: they answer, the call does not fail.
        Assert.Equal("internal", (string?)run["secret"]!["error"]);
        Assert.Equal("unavailable", (string?)run["http"]!["error"]!["code"]);
        await InvokeAsync(s, "greentic.sample.echo", "log", "{}");
        await Eventually(() => s.Output.Contains("guest log [dev/acme/ops]") && s.Output.Contains("event=hostio.invoke")
            && s.Output.Contains("guest stdout [dev/acme/ops]") && s.Output.Contains("echo says hello on stdout"), s);
    }

    [Fact]
    public async Task The_remote_gateway_form_serves_only_callers_with_a_certificate_from_its_client_ca()
    {
        var dir = Directory.CreateTempSubdirectory("gt-gw-").FullName;
        try
        {
            var pki = new TestPki(dir);
            var (cert, key) = pki.GatewayFiles("spiffe://greentic/tenant/acme/sidecar/gateway");
            await using var gateway = RemoteGatewayProcess.Start(FreePort.Next(),
                ["--tls-cert", cert, "--tls-key", key, "--client-ca", pki.CaFile, "--component", SampleComponents.Path("echo")]);
            await gateway.WaitListeningAsync();
            var address = $"https://127.0.0.1:{gateway.Port}";
            var request = new DescribeRequest { Ctx = Acme, ProviderType = "greentic.sample.echo" };

            async Task<StatusCode> DescribeAs(System.Security.Cryptography.X509Certificates.X509Certificate2? client)
            {
                var roots = new System.Security.Cryptography.X509Certificates.X509Certificate2Collection();
                roots.ImportFromPemFile(pki.CaFile);
                using var channel = Greentic.Providers.Channels.TargetChannel.Create(address, new Greentic.Providers.Channels.ChannelTls(roots, client));
                try
                {
                    await new ProviderService.ProviderServiceClient(channel.Invoker).DescribeAsync(request, deadline: DateTime.UtcNow.AddSeconds(30));
                    return StatusCode.OK;
                }
                catch (RpcException e)
                {
                    return e.StatusCode;
                }
            }

            Assert.Equal(StatusCode.OK, await DescribeAs(pki.Client("spiffe://greentic/control-plane")));
            Assert.Equal(StatusCode.Unavailable, await DescribeAs(null));
            Assert.Equal(StatusCode.Unavailable, await DescribeAs(pki.Client("spiffe://greentic/control-plane", fromStrangerCa: true)));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task An_https_listener_without_its_certificates_is_a_usage_error()
    {
        var result = await ProcessRunner.RunAsync(RepoPaths.Dotnet, [RepoPaths.SidecarDll, "--listen", "https://127.0.0.1:1"], RepoPaths.Root);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--client-ca", result.Stderr);
    }

    private static async Task Eventually(Func<bool> condition, SidecarProcess s)
    {
        var until = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < until, $"not seen in the sidecar's output:\n{s.Output}");
            await Task.Delay(50);
        }
    }
}
