using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Greentic.ControlPlane.Auth;
using Greentic.Provider.V1;
using Grpc.Core;
using Greentic.Types.V1;

namespace Greentic.ControlPlane.Tests.EndToEnd;

/// <summary>A control plane whose <c>remote.echo</c> provider lives behind a mutual-TLS gateway, and whose <c>remote.stranger</c> gateway presents a certificate from an unpinned CA.</summary>
public sealed class RemoteControlPlaneFixture : InProcessControlPlane
{
    private RemoteGateway? _gateway;
    private RemoteGateway? _stranger;

    public string ClientCertFile => Path.Combine(Dir, "remote-client.pem");
    public string ClientKeyFile => Path.Combine(Dir, "remote-client.key");

    protected override string RoutesYaml => $"""
        version: 1
        rules:
          - name: remote-echo
            match: {"{"} provider_type: remote.echo {"}"}
            binding: {"{"} transport: remote, target: "https://localhost:{_gateway!.Port}", timeout: 10s {"}"}
          - name: remote-stranger
            match: {"{"} provider_type: remote.stranger {"}"}
            binding: {"{"} transport: remote, target: "https://localhost:{_stranger!.Port}", timeout: 10s {"}"}
        """;

    protected override async Task ConfigureAsync(Dictionary<string, string?> settings)
    {
        _gateway = await RemoteGateway.StartAsync(Pki.ServerCertFile, Pki.ServerKeyFile, Pki.CaFile);
        var (strangerCert, strangerKey) = Pki.StrangerServerFiles();
        _stranger = await RemoteGateway.StartAsync(strangerCert, strangerKey, Pki.CaFile);
        RotateClientCertificate();
        settings["Greentic:Remote:ClientCertificateFile"] = ClientCertFile;
        settings["Greentic:Remote:ClientKeyFile"] = ClientKeyFile;
        settings["Greentic:Remote:TrustedCaFile"] = Pki.CaFile;
    }

    /// <summary>Writes a fresh client certificate over the configured files; returns its thumbprint.</summary>
    public string RotateClientCertificate()
    {
        var (cert, key) = Pki.ClientFiles("spiffe://greentic/control-plane");
        File.Copy(key, ClientKeyFile, overwrite: true);
        File.Copy(cert, ClientCertFile, overwrite: true);
        // Make the rotation visible even on file systems with coarse timestamps.
        File.SetLastWriteTimeUtc(ClientCertFile, DateTime.UtcNow.AddSeconds(Interlocked.Increment(ref _rotations)));
        return X509Certificate2.CreateFromPem(File.ReadAllText(cert)).Thumbprint;
    }

    private int _rotations;

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_gateway is not null) await _gateway.DisposeAsync();
        if (_stranger is not null) await _stranger.DisposeAsync();
    }
}

public sealed class RemoteTransportTests(RemoteControlPlaneFixture cp) : IClassFixture<RemoteControlPlaneFixture>
{
    private async Task<JsonNode> InvokeAsync(string provider)
    {
        using var channel = cp.Channel();
        var response = await new ProviderService.ProviderServiceClient(channel.Invoker).InvokeAsync(new InvokeRequest
        {
            Ctx = new TenantCtx { Env = "dev", Tenant = "acme" }, ProviderType = provider, Op = "echo", InputJson = ByteString.CopyFromUtf8("{}"),
        }, InProcessControlPlane.Bearer(cp.Token("acme")), DateTime.UtcNow.AddSeconds(20));
        return JsonNode.Parse(response.OutputJson.ToStringUtf8())!;
    }

    [Fact]
    public async Task CallsReachTheRemoteOverMutualTlsAndFollowCertificateRotation()
    {
        var first = await InvokeAsync("remote.echo");
        Assert.Equal("acme", first["tenant"]!.GetValue<string>());
        var presented = first["client"]!.GetValue<string>();
        Assert.Equal(X509Certificate2.CreateFromPem(File.ReadAllText(cp.ClientCertFile)).Thumbprint, presented);

        // The control plane notices the new files on its own (no restart, no signal); calls present the new certificate soon after.
        var rotated = cp.RotateClientCertificate();
        Assert.NotEqual(presented, rotated);
        var seen = presented;
        for (var deadline = DateTime.UtcNow.AddSeconds(30); seen != rotated && DateTime.UtcNow < deadline; await Task.Delay(100))
        {
            seen = (await InvokeAsync("remote.echo"))["client"]!.GetValue<string>();
            Assert.True(seen == presented || seen == rotated, $"the remote saw a certificate that is neither the old nor the new one: {seen}");
        }
        Assert.Equal(rotated, seen);
    }

    [Fact]
    public async Task ARemoteWhoseCertificateDoesNotChainToThePinnedCaIsRefused()
    {
        var ex = await Assert.ThrowsAsync<RpcException>(() => InvokeAsync("remote.stranger"));
        // grpc-dotnet reports a refused handshake as INTERNAL (not retried: a wrong certificate does not fix itself).
        Assert.True(ex.StatusCode == StatusCode.Internal, $"{ex.StatusCode}: {ex.Status.Detail}");
        Assert.Contains("The SSL connection could not be established", ex.Status.Detail);
        Assert.Contains("remote certificate was rejected", ex.Status.Detail);
    }
}
