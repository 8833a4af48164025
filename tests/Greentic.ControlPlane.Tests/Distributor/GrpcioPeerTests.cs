using System.Text.Json;

namespace Greentic.ControlPlane.Tests.Distributor;

/// <summary>
/// DistributorService as another implementation sees it: Python grpcio (Debian's python3-grpcio, with code generated
/// at run time by the repository's clients/python/greentic_protos.py) resolves a ref and streams it by digest over the
/// Unix socket, and is refused another tenant's digest.
/// </summary>
[Collection(PacksControlPlaneCollection.Name)]
public sealed class GrpcioPeerTests(PacksControlPlane cp)
{
    [Fact]
    public async Task Grpcio_client_resolves_a_ref_and_streams_it_by_digest_in_its_own_tenant_only()
    {
        var acme = cp.Builder.Build("acme.py", "2.1.0", new Dictionary<string, int> { ["echo"] = 300_000 },
            new Dictionary<string, string> { ["welcome"] = "py" }, seed: "grpcio");
        var globex = cp.Builder.Build("globex.py", "1.0.0", new Dictionary<string, int> { ["echo"] = 1_000 },
            new Dictionary<string, string> { ["welcome"] = "py" }, seed: "grpcio");
        cp.PublishIndex(("acme", acme, []), ("globex", globex, []));
        await cp.ReloadAsync(s => PacksControlPlane.Loaded("acme", acme)(s) && PacksControlPlane.Loaded("globex", globex)(s));

        var script = Path.Combine(RepoPaths.Root, "tests", "Greentic.ControlPlane.Tests", "Distributor", "Peers", "distributor_client.py");
        var run = await ProcessRunner.RunAsync("/usr/bin/python3",
            [script, RepoPaths.Root, cp.GrpcSocket, cp.Token("acme"), "acme", "acme.py@2.1.0", globex.Digest], RepoPaths.Root, timeout: TimeSpan.FromSeconds(120));
        Assert.True(run.ExitCode == 0, $"grpcio peer failed (needs /usr/bin/python3 with python3-grpcio, and protoc + grpc_python_plugin from protobuf-compiler-grpc): {run}");

        using var json = JsonDocument.Parse(run.Stdout);
        var r = json.RootElement;
        Assert.Equal(acme.Digest, r.GetProperty("digest").GetString());
        Assert.Equal(acme.Digest, r.GetProperty("sha256").GetString());
        Assert.Equal((ulong)acme.Bytes.Length, r.GetProperty("total_size").GetUInt64());
        Assert.Equal(acme.Bytes.Length, r.GetProperty("received").GetInt32());
        Assert.Equal((ulong)acme.Bytes.Length, r.GetProperty("size_bytes").GetUInt64());
        Assert.Equal((acme.Bytes.Length + 65535) / 65536, r.GetProperty("chunks").GetInt32());
        Assert.True(r.GetProperty("offsets_ok").GetBoolean());
        Assert.Equal("NOT_FOUND", r.GetProperty("other_code").GetString());
        Assert.DoesNotContain("globex", r.GetProperty("other_detail").GetString());
    }
}
