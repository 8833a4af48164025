using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Greentic.Packs.Index;
using Greentic.Packs.Runtime;
using Greentic.Packs.Signing;
using Microsoft.Extensions.DependencyInjection;

namespace Greentic.TestSupport;

/// <summary>
/// An <see cref="InProcessControlPlane"/> whose pack index is served over HTTP by a real <see cref="LoopbackFileServer"/>:
/// PACK_INDEX_URL, PACK_PUBLIC_KEY, PACK_VERIFY_STRICT=true and its own PACK_CACHE_DIR. Periodic refresh is off:
/// reloads happen when a test asks (POST /admin/packs/reload). No routing rules; tenants are whatever the index names.
/// </summary>
public class PacksControlPlane : InProcessControlPlane
{
    public const string IndexPath = "index.json";

    public Ed25519PrivateKey PackKey { get; } = Ed25519PrivateKey.Generate();
    public LoopbackFileServer Packs { get; } = new();
    public TestPackBuilder Builder { get; private set; } = null!;
    public string CacheDir => Path.Combine(Dir, "packs-cache");
    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(60) };
    public PackRuntimeManager Runtime => Services.GetRequiredService<PackRuntimeManager>();

    /// <summary>ADMIN_TOKEN for this control plane (null: admin endpoints answer loopback callers only).</summary>
    protected virtual string? AdminToken => null;

    protected override string RoutesYaml => "version: 1\nrules: []\n";

    protected override async Task ConfigureAsync(Dictionary<string, string?> settings)
    {
        Builder = new TestPackBuilder(Path.Combine(Dir, "sources"), PackKey);
        await Packs.StartAsync();
        settings["PACK_INDEX_URL"] = Packs.Url(IndexPath);
        settings["PACK_PUBLIC_KEY"] = PackKey.PublicKey.ToString();
        settings["PACK_VERIFY_STRICT"] = "true";
        settings["PACK_CACHE_DIR"] = CacheDir;
        settings["PACK_REFRESH_INTERVAL"] = "0";
        settings["ADMIN_TOKEN"] = AdminToken;
        settings["Logging:LogLevel:Default"] = "Warning";
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Packs.DisposeAsync();
        Http.Dispose();
    }

    /// <summary>The bearer of a token for <paramref name="tenant"/>.</summary>
    public Grpc.Core.Metadata BearerFor(string tenant) => Bearer(Token(tenant));

    /// <summary>Serves the packs and an index naming them: tenant → (main pack, overlays in order).</summary>
    public void PublishIndex(params (string Tenant, BuiltPack Main, BuiltPack[] Overlays)[] tenants)
    {
        foreach (var (_, main, overlays) in tenants)
            foreach (var pack in overlays.Prepend(main)) Packs.Publish(pack.FileName, pack.Bytes);
        var index = new PackIndex(tenants.ToDictionary(t => t.Tenant,
            t => new TenantPacks(t.Main.Entry(PackKey), t.Overlays.Select(o => o.Entry(PackKey)).ToArray())));
        Packs.Publish(IndexPath, index.ToUtf8());
    }

    public HttpRequestMessage AdminRequest(HttpMethod method, string path, string? bearer = null)
    {
        var request = new HttpRequestMessage(method, HttpAddress.TrimEnd('/') + path);
        if (bearer is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        return request;
    }

    /// <summary><c>GET /admin/packs/status</c> (asserts 200).</summary>
    public async Task<JsonObject> StatusAsync(string? bearer = null)
    {
        using var response = await Http.SendAsync(AdminRequest(HttpMethod.Get, "/admin/packs/status", bearer));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET /admin/packs/status: {(int)response.StatusCode} {body}");
        return JsonNode.Parse(body)!.AsObject();
    }

    /// <summary>
    /// <c>POST /admin/packs/reload</c> (asserts 202), then polls <c>GET /admin/packs/status</c> until
    /// <paramref name="done"/> holds; fails with the last status seen after a generous timeout.
    /// </summary>
    public async Task<JsonObject> ReloadAsync(Func<JsonObject, bool> done, string? bearer = null)
    {
        using (var response = await Http.SendAsync(AdminRequest(HttpMethod.Post, "/admin/packs/reload", bearer)))
            Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        JsonObject status;
        while (!done(status = await StatusAsync(bearer)))
        {
            Assert.True(DateTime.UtcNow < deadline, $"the reload did not reach the expected state; last status: {status.ToJsonString()}");
            await Task.Delay(20);
        }
        return status;
    }

    /// <summary>Reload condition: succeeded, and <paramref name="tenant"/>'s main pack is <paramref name="main"/>.</summary>
    public static Func<JsonObject, bool> Loaded(string tenant, BuiltPack main) => status =>
        status["last_error"] is null &&
        status["tenants"]!.AsArray().Any(t => (string?)t!["tenant"] == tenant && (string?)t["digest"] == main.Digest);
}
