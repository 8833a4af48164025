using Greentic.TestSupport;
using System.Text;
using System.Text.Json.Nodes;

namespace Greentic.ComponentHost.Tests.Support;

internal static class Calls
{
    public static readonly TenantScope Acme = new("dev", "acme", "ops");

    public static ComponentCallContext Context(CapturingLogger? logger = null, ISecretsAccess? secrets = null,
        IStateAccess? state = null, IHttpEgress? http = null, TimeSpan? timeout = null, TenantScope? tenant = null) => new()
    {
        Tenant = tenant ?? Acme,
        Logger = logger ?? new CapturingLogger(),
        Secrets = secrets ?? NoSecrets.Instance,
        State = state,
        Http = http ?? DeniedEgress.Instance,
        Timeout = timeout ?? TimeSpan.FromSeconds(60),
    };

    public static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);

    public static JsonNode Json(byte[] bytes) => JsonNode.Parse(bytes) ?? throw new InvalidOperationException("null JSON");

    public static ProviderComponent LoadSample(this ComponentEngine engine, string name, HostCapabilities grants = HostCapabilities.Default,
        ComponentLimits? limits = null)
    {
        var bytes = SampleComponents.Bytes(name);
        return engine.Load(SampleComponents.Digest(bytes), bytes, grants, limits);
    }

    public static ProviderComponent LoadUpstream(this ComponentEngine engine, string name, HostCapabilities grants = HostCapabilities.Default)
    {
        var bytes = File.ReadAllBytes(RepoPaths.UpstreamComponent(name));
        return engine.Load(SampleComponents.Digest(bytes), bytes, grants);
    }
}
