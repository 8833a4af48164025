using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Greentic.ControlPlane.Auth;
using Greentic.TestSupport;
using YamlDotNet.RepresentationModel;

namespace Greentic.Scale.Tests.Deploy;

/// <summary>The compose file runs the Kubernetes topology on one host; its PKI script issues the identities the control plane maps.</summary>
public sealed class ComposeAndPkiTests
{
    private static readonly string ComposeDir = Path.Combine(RepoPaths.Root, "deploy", "compose");

    private static YamlMappingNode Services()
    {
        var yaml = new YamlStream();
        yaml.Load(new StringReader(File.ReadAllText(Path.Combine(ComposeDir, "compose.yaml"))));
        var root = (YamlMappingNode)yaml.Documents[0].RootNode;
        return (YamlMappingNode)root["services"];
    }

    [Fact]
    public void Runs_three_replicas_a_gateway_PostgreSQL_and_NATS_JetStream_hardened()
    {
        var services = Services();
        var names = services.Children.Keys.Select(k => ((YamlScalarNode)k).Value!).ToList();
        Assert.Superset(new HashSet<string> { "control-plane-a", "control-plane-b", "control-plane-c", "sidecar-a", "sidecar-b", "sidecar-c", "gateway", "postgres", "nats" }, names.ToHashSet());
        Assert.Contains("-js", ((YamlSequenceNode)((YamlMappingNode)services["nats"])["command"]).Children.Select(c => ((YamlScalarNode)c).Value));
        foreach (var (key, value) in services.Children)
        {
            var service = (YamlMappingNode)value;
            if (Get(service, "build") is not YamlMappingNode build) continue;
            var name = ((YamlScalarNode)key).Value;
            Assert.True(File.Exists(Path.Combine(ComposeDir, ((YamlScalarNode)build["context"]).Value!, ((YamlScalarNode)build["dockerfile"]).Value!)), $"{name}: Dockerfile");
            Assert.Equal("true", ((YamlScalarNode)Get(service, "read_only")!).Value);
            Assert.DoesNotMatch("^0(:|$)|^root", ((YamlScalarNode)Get(service, "user")!).Value!);
            Assert.Contains("ALL", ((YamlSequenceNode)Get(service, "cap_drop")!).Children.Select(c => ((YamlScalarNode)c).Value));
            foreach (var volume in Get(service, "volumes") is YamlSequenceNode v ? v.Children : [])
            {
                var source = ((YamlScalarNode)volume).Value!.Split(':')[0];
                if (source.StartsWith('.')) Assert.True(File.Exists(Path.Combine(ComposeDir, source)), $"{name}: mounts missing {source}");
            }
            if (name!.StartsWith("control-plane", StringComparison.Ordinal) || name == "gateway") Assert.True(Get(service, "healthcheck") is not null, $"{name}: healthcheck");
        }
    }

    /// <summary>A key of a mapping, following YAML merge keys (<c>&lt;&lt;: *anchor</c>) as compose does.</summary>
    private static YamlNode? Get(YamlMappingNode map, string key)
    {
        if (map.Children.TryGetValue(new YamlScalarNode(key), out var value)) return value;
        return map.Children.TryGetValue(new YamlScalarNode("<<"), out var merged) && merged is YamlMappingNode parent ? Get(parent, key) : null;
    }

    /// <summary>
    /// If replica a dies, webhooks must still be dispatched: the gateway's own calls go to a name every replica answers to
    /// (a network alias, Docker's DNS round robin over the running ones), over mTLS with the gateway's identity — the same
    /// address as on Kubernetes, where it is the control-plane Service. Proxied client calls go to each replica.
    /// </summary>
    [Fact]
    public void The_gateway_reaches_every_replica_through_one_name_as_through_the_Kubernetes_Service()
    {
        var services = Services();
        var names = services.Children.Keys.Select(k => ((YamlScalarNode)k).Value!).ToList();
        var replicas = names.Where(n => n.StartsWith("control-plane-", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, replicas.Count);
        var environment = (YamlMappingNode)Get((YamlMappingNode)services["gateway"], "environment")!;
        string Env(string key) => ((YamlScalarNode)environment[key]).Value!;
        var address = new Uri(Env("Greentic__Gateway__ControlPlane__Address"));

        var kubernetes = File.ReadAllLines(Path.Combine(RepoPaths.Root, "deploy", "k8s", "base", "gateway.env"))
            .Single(l => l.StartsWith("Greentic__Gateway__ControlPlane__Address=", StringComparison.Ordinal)).Split('=', 2)[1];
        Assert.Equal(kubernetes, address.OriginalString);
        Assert.Equal(("https", 7443), (address.Scheme, address.Port));
        Assert.NotEmpty(Env("Greentic__Gateway__ControlPlane__ClientCertificateFile"));
        Assert.DoesNotContain(address.Host, names);
        foreach (var name in names)
        {
            var aliases = Get((YamlMappingNode)services[name], "networks") is YamlMappingNode networks
                ? networks.Children.Values.OfType<YamlMappingNode>().SelectMany(n => Get(n, "aliases") is YamlSequenceNode a ? a.Children : [])
                    .Select(a => ((YamlScalarNode)a).Value).ToList()
                : [];
            Assert.True(aliases.Contains(address.Host) == replicas.Contains(name), $"{name}: aliases [{string.Join(", ", aliases)}]");
        }

        using var proxy = JsonDocument.Parse(File.ReadAllText(Path.Combine(ComposeDir, "config", "proxy.json")));
        var destinations = proxy.RootElement.GetProperty("Clusters").EnumerateObject().Single().Value.GetProperty("Destinations")
            .EnumerateObject().Select(d => new Uri(d.Value.GetProperty("Address").GetString()!).Host).ToHashSet();
        Assert.Equal(replicas.ToHashSet(), destinations);
    }

    [Fact]
    public void Holds_no_secret_values()
    {
        var text = File.ReadAllText(Path.Combine(ComposeDir, "compose.yaml"));
        foreach (var line in text.Split('\n').Where(l => !l.TrimStart().StartsWith('#')).Where(l => l.Contains("PASSWORD", StringComparison.Ordinal) || l.Contains("TOKEN:", StringComparison.Ordinal)))
            Assert.Matches(@"\$\{[A-Z_]+:\?", line);
    }

    [Fact]
    public async Task The_PKI_script_issues_identities_the_control_plane_maps_to_sidecar_and_gateway_principals()
    {
        using var dir = new TempDirectory();
        var run = await ProcessRunner.RunAsync("sh", [Path.Combine(ComposeDir, "make-pki.sh"), dir.Path, "acme"], dir.Path);
        Assert.True(run.ExitCode == 0, run.ToString());
        var options = new ClientCertificateOptions
        {
            TrustedCaFile = Path.Combine(dir.Path, "ca.crt"),
            Mappings = [new ClientCertificateMapping { SanUri = "spiffe://greentic/tenant/{tenant}/gateway", Tenants = ["{tenant}"], Roles = ["gateway"] }],
        };
        var authenticator = new ClientCertificateAuthenticator(options);
        var sidecar = authenticator.Map(X509Certificate2.CreateFromPemFile(Path.Combine(dir.Path, "sidecar-csharp.crt"), Path.Combine(dir.Path, "sidecar-csharp.key")));
        Assert.True(sidecar.Succeeded, sidecar.Decision.Message);
        Assert.Equal(["acme"], sidecar.Principal!.Tenants.ToArray());
        Assert.True(sidecar.Principal.IsInRole(GreenticRoles.Sidecar));
        var gateway = authenticator.Map(X509Certificate2.CreateFromPemFile(Path.Combine(dir.Path, "gateway.crt"), Path.Combine(dir.Path, "gateway.key")));
        Assert.True(gateway.Succeeded, gateway.Decision.Message);
        Assert.True(gateway.Principal!.IsInRole("gateway"));
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(dir.Path, "ca.crt"))));
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        var server = X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(dir.Path, "control-plane.crt")));
        Assert.True(chain.Build(server));
        // Valid for the name the gateway calls (every replica's alias) and for each replica's own name (its sidecar's callbacks).
        var dnsNames = server.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single().EnumerateDnsNames().ToList();
        Assert.Superset(new HashSet<string> { "control-plane", "control-plane-a", "control-plane-b", "control-plane-c" }, dnsNames.ToHashSet());
    }
}
