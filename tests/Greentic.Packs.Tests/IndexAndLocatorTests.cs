using System.Text;
using Greentic.Packs.Index;
using Greentic.Packs.Locators;

namespace Greentic.Packs.Tests;

public class IndexAndLocatorTests
{
    private static byte[] J(string s) => Encoding.UTF8.GetBytes(s);
    private const string D = "sha256:0000000000000000000000000000000000000000000000000000000000000000";

    [Fact]
    public void Index_parses_tenants_main_and_overlays()
    {
        var idx = PackIndex.Parse(J("""
        {"demo": {"main_pack": {"name": "greentic.demo", "version": "1.0.0", "locator": "packs/demo.gtpack"},
                  "overlays": [{"name": "o1", "digest": "DIGEST", "locator": "https://x/o1.gtpack", "signature": "c2ln"}]},
         "acme": {"main_pack": {"name": "a", "digest": "DIGEST", "locator": "a.gtpack"}}}
        """.Replace("DIGEST", D)), "index.json");
        Assert.Equal(["acme", "demo"], idx.Tenants.Keys);
        Assert.Equal("packs/demo.gtpack", idx.Tenants["demo"].MainPack.Locator);
        Assert.Equal("c2ln", idx.Tenants["demo"].Overlays[0].Signature);
        Assert.Empty(idx.Tenants["acme"].Overlays);
        var back = PackIndex.Parse(idx.ToUtf8(), "again");
        Assert.Equal(idx.ToJson(), back.ToJson());
    }

    [Theory]
    [InlineData("""{"t": {"main_pack": {"name": "n", "locator": "x"}}}""", "needs a version or a digest")]
    [InlineData("""{"t": {"main_pack": {"name": "n", "digest": "md5:abc", "locator": "x"}}}""", "not sha256")]
    [InlineData("""{"t": {"main_pack": {"name": "n", "version": "1.0.0"}}}""", "no locator")]
    [InlineData("""{"t": {"overlays": []}}""", "no main_pack")]
    [InlineData("""[1,2]""", "must be a JSON object")]
    [InlineData("""{"t": """, "not valid JSON")]
    [InlineData("""{"t": {"main_pack": {"name": "n", "version": "1.0.0", "locator": "x"}}, "t": {"main_pack": {"name": "n", "version": "1.0.0", "locator": "x"}}}""", "twice")]
    public void Bad_indexes_are_refused_clearly(string json, string problem)
    {
        var ex = Assert.ThrowsAny<PackFormatException>(() => PackIndex.Parse(J(json), "index.json"));
        Assert.StartsWith("index.json: ", ex.Message);
        Assert.Contains(problem, ex.Message);
    }

    [Fact]
    public void Digest_and_entry_signature_are_per_contract()
    {
        var bytes = J("hello");
        Assert.Equal("sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824", PackDigest.Sha256(bytes));
        var d = PackDigest.Sha256(bytes);
        var sig = IndexSignatures.Sign(d, TestPacks.Key);
        Assert.Equal(64, Convert.FromBase64String(sig).Length);
        Assert.True(TestPacks.Key.PublicKey.Verify(Encoding.ASCII.GetBytes(d), Convert.FromBase64String(sig)));
        Assert.True(IndexSignatures.Verify(d, sig, [TestPacks.Key.PublicKey]));
        Assert.False(IndexSignatures.Verify(d, sig, [TestPacks.OtherKey.PublicKey]));
        Assert.False(IndexSignatures.Verify(d, "not base64!", [TestPacks.Key.PublicKey]));
    }

    [Fact]
    public void Strict_and_non_strict_entry_signature_semantics()
    {
        var d = D;
        var unsigned = new PackIndexEntry("n", null, d, "x");
        var good = unsigned with { Signature = IndexSignatures.Sign(d, TestPacks.Key) };
        var bad = unsigned with { Signature = IndexSignatures.Sign(d, TestPacks.OtherKey) };
        var strict = new Signing.TrustPolicy([TestPacks.Key.PublicKey], true);
        var lax = strict with { Strict = false };
        Assert.Null(IndexSignatures.Check(good, d, strict, "e"));
        Assert.Contains("no signature", Assert.Throws<PackVerificationException>(() => IndexSignatures.Check(unsigned, d, strict, "e")).Message);
        Assert.Contains("does not verify", Assert.Throws<PackVerificationException>(() => IndexSignatures.Check(bad, d, strict, "e")).Message);
        Assert.Contains("PACK_VERIFY_STRICT is off", IndexSignatures.Check(unsigned, d, lax, "e"));
        Assert.Throws<PackVerificationException>(() => IndexSignatures.Check(bad, d, lax, "e"));
    }

    [Fact]
    public void Locators_parse_per_documented_forms()
    {
        Assert.Equal(new PackLocator(LocatorKind.File, "/idx/packs/a.gtpack"), PackLocator.Parse("packs/a.gtpack", "/idx"));
        Assert.Equal(new PackLocator(LocatorKind.File, "/idx/a.gtpack"), PackLocator.Parse("fs:a.gtpack", "/idx"));
        Assert.Equal(new PackLocator(LocatorKind.File, "/abs/a.gtpack"), PackLocator.Parse("file:///abs/a.gtpack", "/idx"));
        Assert.Equal(new PackLocator(LocatorKind.Http, "https://h/p.gtpack"), PackLocator.Parse("https://h/p.gtpack", "/idx"));
        Assert.Equal(new PackLocator(LocatorKind.Http, "http://h/dir/p.gtpack"), PackLocator.Parse("p.gtpack", "http://h/dir/index.json"));
        Assert.Equal(new PackLocator(LocatorKind.OciLayout, "/idx/layout", "v1"), PackLocator.Parse("oci-layout:layout:v1", "/idx"));
        Assert.Equal(new PackLocator(LocatorKind.OciLayout, "/idx/layout"), PackLocator.Parse("oci-layout:layout", "/idx"));
        foreach (var local in new[] { "/etc/passwd", "file:///etc/passwd", "fs:/etc/passwd", "oci-layout:/var/layout" })
            Assert.Contains("cannot point at local files", Assert.Throws<PackFormatException>(() => PackLocator.Parse(local, "https://h/index.json")).Message);
        foreach (var bad in new[] { "s3://bucket/p.gtpack", "gcs://b/p", "azblob://c/p", "oci://ghcr.io/x/y:1", "ftp://h/p" })
            Assert.Contains("unsupported locator scheme", Assert.Throws<PackFormatException>(() => PackLocator.Parse(bad, "/idx")).Message);
    }

    [Fact]
    public async Task Oci_layout_yields_the_gtpack_layer_by_tag_and_checks_blobs()
    {
        using var dir = new TempDir();
        var v1 = TestPacks.Signed(TestPacks.Manifest(version: "1.0.0"));
        var v2 = TestPacks.Signed(TestPacks.Manifest(version: "2.0.0"));
        OciLayout.Write(dir["layout"], v1, "1.0.0");
        OciLayout.Write(dir["layout"], v2, "2.0.0");
        var fetcher = new PackFetcher(new HttpClient());
        Assert.Equal(v1, await fetcher.FetchAsync("oci-layout:layout:1.0.0", dir.Path, default));
        Assert.Equal(v2, await fetcher.FetchAsync("oci-layout:layout:2.0.0", dir.Path, default));
        var ambiguous = await Assert.ThrowsAsync<PackFormatException>(() => fetcher.FetchAsync("oci-layout:layout", dir.Path, default));
        Assert.Contains("name one with", ambiguous.Message);
        Assert.Contains("no manifest tagged 'nope'", (await Assert.ThrowsAsync<PackFormatException>(() => fetcher.FetchAsync("oci-layout:layout:nope", dir.Path, default))).Message);

        // A corrupted blob is refused.
        var blob = Path.Combine(dir["layout"], "blobs", "sha256", PackDigest.Hex(PackDigest.Sha256(v1)));
        var bytes = await File.ReadAllBytesAsync(blob);
        bytes[100] ^= 1;
        await File.WriteAllBytesAsync(blob, bytes);
        Assert.Contains("does not match its digest", (await Assert.ThrowsAsync<PackFormatException>(() => fetcher.FetchAsync("oci-layout:layout:1.0.0", dir.Path, default))).Message);
        Assert.Contains("not an OCI image layout", (await Assert.ThrowsAsync<PackFormatException>(() => fetcher.FetchAsync("oci-layout:nowhere", dir.Path, default))).Message);
    }

    [Fact]
    public async Task Http_locator_fetches_from_a_real_local_kestrel_server()
    {
        using var dir = new TempDir();
        var pack = TestPacks.Signed();
        await File.WriteAllBytesAsync(dir["p.gtpack"], pack);
        await using var server = await LocalHttpServer.StartAsync(dir.Path);
        var fetcher = new PackFetcher(new HttpClient(), maxBytes: 1 << 20);
        Assert.Equal(pack, await fetcher.FetchAsync(server.BaseUrl + "/p.gtpack", null, default));
        Assert.Contains("HTTP 404", (await Assert.ThrowsAsync<PackFormatException>(() => fetcher.FetchAsync(server.BaseUrl + "/missing.gtpack", null, default))).Message);
        var small = new PackFetcher(new HttpClient(), maxBytes: 100);
        Assert.Contains("limit", (await Assert.ThrowsAsync<PackFormatException>(() => small.FetchAsync(server.BaseUrl + "/p.gtpack", null, default))).Message);
    }

    [Fact]
    public async Task Missing_file_is_a_clear_error()
    {
        var fetcher = new PackFetcher(new HttpClient());
        var ex = await Assert.ThrowsAsync<PackFormatException>(() => fetcher.FetchAsync("nope.gtpack", "/nonexistent-dir", default));
        Assert.Equal("/nonexistent-dir/nope.gtpack: file not found", ex.Message);
    }
}
