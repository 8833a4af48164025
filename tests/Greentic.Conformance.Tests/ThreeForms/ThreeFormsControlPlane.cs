using System.Text;
using Google.Protobuf;
using Greentic.Conformance.Harness;
using Greentic.ControlPlane.Auth;
using Greentic.Providers;
using Greentic.Secrets.V1;
using Greentic.TestSupport;
using Grpc.Core;

namespace Greentic.Conformance.Tests.ThreeForms;

/// <summary>
/// One control plane (tenant <c>acme</c>) routing the same component files three ways, chosen by the caller's team:
/// <list type="bullet">
/// <item><c>inproc</c> — in this process, from a signed pack (<see cref="ComponentPack"/>);</item>
/// <item><c>sidecar</c> — the C# sidecar host with <c>--component</c>, supervised by this control plane on a Unix
/// socket, calling back over h2c with a sidecar token;</item>
/// <item><c>remote</c> — the same host as a remote gateway (<c>https://</c>, client certificates from the test CA),
/// reached over mutual TLS and calling back over mutual TLS with its SPIFFE identity.</item>
/// </list>
/// Every binding has the same timeout, retries and secrets allow-list; the tenant's egress allows loopback only.
/// </summary>
public sealed class ThreeFormsControlPlane : InProcessControlPlane, IAsyncLifetime
{
    public const string Tenant = "acme";
    public static readonly string[] Forms = ["inproc", "sidecar", "remote"];

    public const string Echo = "greentic.sample.echo";
    public const string Hostio = "greentic.sample.hostio";
    public const string Hostile = "greentic.sample.hostile";
    public const string UpstreamDummy = "messaging.dummy.upstream";
    public static readonly string[] ProviderTypes = [Echo, Hostio, Hostile, UpstreamDummy];

    public const string ApiToken = "sample/api_token";
    public const string Absent = "sample/absent";
    public const string Other = "sample/other";

    private PongServer? pong;
    private RemoteGatewayProcess? gateway;

    /// <summary>An URL the tenant's egress policy allows (a loopback server answering <c>pong</c>).</summary>
    public Uri PongUrl => pong!.Url;

    private string SidecarAddress => "unix://" + Path.Combine(Dir, "sc.sock");

    protected override string RoutesYaml
    {
        get
        {
            var yaml = new StringBuilder("version: 1\nrules:\n");
            foreach (var type in ProviderTypes)
                foreach (var form in Forms)
                {
                    var target = form switch { "inproc" => type, "sidecar" => SidecarAddress, _ => $"https://127.0.0.1:{gateway!.Port}" };
                    yaml.Append($$"""
                          - name: {{type}}-{{form}}
                            match: { provider_type: "{{type}}", team: {{form}} }
                            binding:
                              transport: {{form}}
                              target: "{{target}}"
                              timeout: 20s
                              retry: { max_attempts: 2, base_delay: 1ms, max_delay: 2s }
                              secrets: [{{ApiToken}}, {{Absent}}]

                        """);
                }
            return yaml.ToString();
        }
    }

    protected override async Task ConfigureAsync(Dictionary<string, string?> settings)
    {
        pong = await PongServer.StartAsync();
        string[] components = [SampleComponents.Path("echo"), SampleComponents.Path("hostio"), SampleComponents.Path("hostile"), SampleComponents.Upstream("messaging-provider-dummy")];
        var componentArgs = new List<string> { "--grant", "state" };
        foreach (var component in components) componentArgs.AddRange(["--component", component]);
        componentArgs.AddRange(["--provider-type", UpstreamDummy]);

        // In process: a signed pack declaring the four components, state granted to each (as --grant state does).
        var pack = ComponentPack.Write(Path.Combine(Dir, "component-pack"),
            components.Zip(ProviderTypes, (path, type) => new ComponentPack.Component(path, type, GrantState: true)).ToList(), [Tenant]);
        settings["PACK_INDEX_URL"] = pack.IndexFile;
        settings["PACK_PUBLIC_KEY"] = pack.PublicKey;
        settings["PACK_VERIFY_STRICT"] = "true";
        settings["PACK_REFRESH_INTERVAL"] = "0";

        // Sidecar: supervised by this control plane, calling back on its Unix socket with a sidecar token.
        const string sidecar = "Greentic:Sidecars:components:";
        string[] sidecarArgs = [RepoPaths.SidecarDll, "--listen", SidecarAddress, "--control-plane", GrpcTarget, .. componentArgs];
        settings[sidecar + "Command"] = RepoPaths.Dotnet;
        for (var i = 0; i < sidecarArgs.Length; i++) settings[$"{sidecar}Args:{i}"] = sidecarArgs[i];
        settings[sidecar + "Address"] = SidecarAddress;
        settings[sidecar + "Environment:GREENTIC_SIDECAR_TOKEN"] = Issuer.Issue(new DevTokenRequest
        {
            Subject = "sidecar:components", Tenants = [Tenant], Roles = [GreenticRoles.Sidecar],
        });
        settings[sidecar + "HealthInterval"] = "00:00:05";
        settings[sidecar + "UnhealthyThreshold"] = "20";

        // Remote gateway: mutual TLS both ways — the control plane presents its client certificate; the gateway calls
        // back to the control plane's TLS port as spiffe://greentic/tenant/acme/sidecar/gateway.
        var (gatewayCert, gatewayKey) = Pki.GatewayFiles($"spiffe://greentic/tenant/{Tenant}/sidecar/gateway");
        var (clientCert, clientKey) = Pki.ClientFiles("spiffe://greentic/control-plane");
        settings["Greentic:Remote:ClientCertificateFile"] = clientCert;
        settings["Greentic:Remote:ClientKeyFile"] = clientKey;
        settings["Greentic:Remote:TrustedCaFile"] = Pki.CaFile;
        gateway = RemoteGatewayProcess.Start(FreePort.Next(),
        [
            "--tls-cert", gatewayCert, "--tls-key", gatewayKey, "--client-ca", Pki.CaFile, "--tls-ca", Pki.CaFile,
            "--control-plane", settings["Greentic:ControlPlane:TlsAddress"]!, .. componentArgs,
        ]);
        await gateway.WaitListeningAsync();
    }

    async Task IAsyncLifetime.InitializeAsync()
    {
        await InitializeAsync();
        await ReadyAsync();
    }

    /// <summary>After the start: seed the tenant's secrets and wait until each form answers.</summary>
    private async Task ReadyAsync()
    {
        using var channel = Channel();
        var secrets = new SecretsService.SecretsServiceClient(channel.Invoker);
        var admin = Bearer(Token(Tenant, GreenticRoles.Admin));
        foreach (var (key, value) in new[] { (ApiToken, "s3cret-of-acme"), (Other, "not-for-this-binding") })
            await secrets.PutAsync(new PutRequest { Ctx = FormsClient.Ctx(null), Key = key, Value = ByteString.CopyFromUtf8(value) }, admin);
        var until = DateTime.UtcNow.AddSeconds(120);
        foreach (var form in Forms)
        {
            for (;;)
            {
                var outcome = await FormsClient.CallAsync(this, form, Hostio, new FormStep(ProviderFunction.Healthcheck, "", ""));
                if (outcome.StartsWith("OK", StringComparison.Ordinal)) break;
                if (DateTime.UtcNow > until) throw new TimeoutException($"form {form} did not answer: {outcome}\ngateway:\n{gateway?.Output}");
                await Task.Delay(250);
            }
        }
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (gateway is not null) await gateway.DisposeAsync();
        if (pong is not null) await pong.DisposeAsync();
    }
}
