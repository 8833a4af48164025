using Greentic.Conformance.Checks;
using Greentic.TestSupport;

namespace Greentic.Conformance.Tests.Certification;

/// <summary>
/// <c>greentic conformance</c> certifies a provider in every form — our C# and Node sidecars, our C# host as a remote
/// gateway over mutual TLS, a component file in process — and a deliberately broken sidecar fails exactly the checks
/// it breaks. Every run is a real CLI process with its own control plane and a real target process.
/// </summary>
public sealed class CertificationTests
{
    private static readonly string[] AllChecks = CheckList.All.Select(c => c.Id).Order().ToArray();

    [Fact]
    public async Task The_csharp_sidecar_passes_every_check()
    {
        var socket = "unix://" + ConformanceCli.Socket();
        var run = await ConformanceCli.RunAsync(["--provider-type", "echo", socket], ConformanceCli.CSharpSidecar(socket));
        AssertAllPass(run);
    }

    [Fact]
    public async Task The_node_sidecar_passes_every_check()
    {
        var socket = "unix://" + ConformanceCli.Socket();
        var run = await ConformanceCli.RunAsync(["--provider-type", "echo", socket], ConformanceCli.NodeSidecar("sidecars/node/sidecar.js", socket));
        AssertAllPass(run);
    }

    [Fact]
    public async Task The_csharp_host_as_a_remote_gateway_over_mutual_tls_passes_every_check()
    {
        var dir = Directory.CreateTempSubdirectory("gt-conf-pki-").FullName;
        try
        {
            var pki = new TestPki(dir);
            var (serverCert, serverKey) = pki.GatewayFiles("spiffe://greentic/tenant/conformance-a/sidecar/gateway");
            var (clientCert, clientKey) = pki.ClientFiles("spiffe://greentic/control-plane");
            var address = $"https://127.0.0.1:{FreePort.Next()}";
            var run = await ConformanceCli.RunAsync(
                ["--provider-type", "echo", "--client-cert", clientCert, "--client-key", clientKey, "--ca", pki.CaFile, address],
                ConformanceCli.CSharpSidecar(address, "--tls-cert", serverCert, "--tls-key", serverKey, "--client-ca", pki.CaFile));
            AssertAllPass(run);
            Assert.Contains("remote gateway", (string?)run.Json!["form"]);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task A_component_file_is_certified_in_process_and_checks_it_cannot_serve_are_na_not_pass()
    {
        var run = await ConformanceCli.RunAsync([SampleComponents.Path("hostio")]);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("component in process", (string?)run.Json!["form"]);
        Assert.Equal("telemetry, unknown-provider", run.Ids("n/a"));
        Assert.Equal("", run.Ids("FAIL"));
        Assert.Contains("'context'", run.Evidence("telemetry"));
        Assert.Equal(AllChecks.Length - 2, run.Results.Count(r => r.Value == "pass"));
    }

    [Fact]
    public async Task The_broken_sidecar_fails_exactly_the_three_checks_it_breaks()
    {
        var socket = "unix://" + ConformanceCli.Socket();
        var run = await ConformanceCli.RunAsync(["--provider-type", "echo", socket],
            ConformanceCli.NodeSidecar("tests/Greentic.Conformance.Tests/BrokenSidecar/broken-sidecar.js", socket));
        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Equal("deadline, describe, tenancy-state", run.Ids("FAIL"));
        Assert.Equal("", run.Ids("n/a"));
        Assert.Contains("capabilities", run.Evidence("describe"));
        Assert.Contains("tenant B read tenant A's value", run.Evidence("tenancy-state"));
        Assert.Contains("kept working", run.Evidence("deadline"));
    }

    [Fact]
    public async Task A_target_the_suite_did_not_start_gets_na_for_every_check_that_needs_its_callbacks()
    {
        await using var sidecar = await SidecarProcess.StartAsync("csharp");
        var run = await ConformanceCli.RunAsync(["--provider-type", "echo", "unix://" + sidecar.Socket]);
        Assert.True(run.ExitCode == 0, run.ToString());
        var needCallbacks = CheckList.All.Where(c => c.NeedsCallbacks).Select(c => c.Id).Order();
        Assert.Equal(string.Join(", ", needCallbacks), run.Ids("n/a"));
        Assert.Contains("not started by the suite", run.Evidence("deadline"));
        Assert.Equal("", run.Ids("FAIL"));
    }

    [Fact]
    public async Task Usage_errors_exit_2_with_a_message()
    {
        var noType = await ConformanceCli.RunAsync(["unix:///tmp/nowhere.sock"]);
        Assert.True(noType.ExitCode == 2, noType.ToString());
        Assert.Contains("--provider-type is required", noType.Stderr);
        var noTls = await ConformanceCli.RunAsync(["--provider-type", "echo", "https://127.0.0.1:1"]);
        Assert.True(noTls.ExitCode == 2, noTls.ToString());
        Assert.Contains("--client-cert, --client-key and --ca", noTls.Stderr);
        var noFile = await ConformanceCli.RunAsync(["/nonexistent/provider.wasm"]);
        Assert.True(noFile.ExitCode == 2, noFile.ToString());
        Assert.Contains("no such component file", noFile.Stderr);
    }

    private static void AssertAllPass(CliCertificate run)
    {
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(AllChecks, run.Results.Keys.Order().ToArray());
        Assert.True(run.Results.Values.All(v => v == "pass"), run.ToString());
        Assert.True((bool)run.Json!["certified"]!, run.ToString());
    }
}
