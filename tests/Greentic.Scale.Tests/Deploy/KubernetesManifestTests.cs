using System.Text.Json;
using Greentic.ControlPlane.Routing;
using Greentic.TestSupport;

namespace Greentic.Scale.Tests.Deploy;

/// <summary>
/// deploy/k8s renders with <c>kubectl kustomize</c> and validates offline (deploy/validate/validate.mjs): Kubernetes,
/// cert-manager and External Secrets objects against their published schemas, Greentic resources against our CRDs,
/// and the deployment rules (non-root, read-only, probes, replicas, PDB, HPA, NetworkPolicy, no secret values).
/// </summary>
public sealed class KubernetesManifestTests
{
    public static TheoryData<string> Kustomizations => new()
    {
        "deploy/k8s/platform",
        "deploy/k8s/overlays/dev",
        "deploy/k8s/overlays/tenant-acme",
        "deploy/k8s/overlays/tenant-globex",
    };

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public async Task Renders_and_validates_against_the_API_schemas_and_our_CRDs(string kustomization)
    {
        var (exit, report) = await ValidateAsync(Path.Combine(RepoPaths.Root, kustomization));
        Assert.True(exit == 0, string.Join("\n", report.Problems));
        Assert.Empty(report.Problems);
        Assert.True(report.Objects > 5);
    }

    [Fact]
    public async Task Tenant_overlays_carry_the_whole_topology()
    {
        var (_, report) = await ValidateAsync(Path.Combine(RepoPaths.Root, "deploy/k8s/overlays/tenant-acme"));
        foreach (var kind in new[] { "Namespace", "Deployment", "Service", "Ingress", "PodDisruptionBudget", "HorizontalPodAutoscaler",
                     "NetworkPolicy", "Certificate", "ExternalSecret", "ConfigMap", "RoutingPolicy", "ProviderBinding" })
            Assert.Contains(kind, report.Kinds);
    }

    [Fact]
    public async Task The_validator_refuses_bad_objects()
    {
        var (exit, report) = await ValidateAsync(Path.Combine(AppContext.BaseDirectory, "Deploy", "Fixtures", "bad-kustomization"));
        Assert.Equal(1, exit);
        Assert.Contains(report.Problems, p => p.Contains("/spec/replicas must be integer"));
        Assert.Contains(report.Problems, p => p.Contains("/spec/secretName must be string"));
        Assert.Contains(report.Problems, p => p.Contains("additional properties 'matchh'"));
        Assert.Contains(report.Problems, p => p.Contains("transport must be equal to one of the allowed values"));
        Assert.Contains(report.Problems, p => p.Contains("readOnlyRootFilesystem must be true"));
        Assert.Contains(report.Problems, p => p.Contains("env API_TOKEN has a literal value"));
    }

    [Fact]
    public void Every_routing_policy_shipped_in_deploy_loads_in_the_control_planes_loader()
    {
        var files = Directory.GetFiles(Path.Combine(RepoPaths.Root, "deploy"), "*.yaml", SearchOption.AllDirectories)
            .Where(f => File.ReadAllText(f).Contains("kind: RoutingPolicy\n", StringComparison.Ordinal) && !f.Contains("/crds/", StringComparison.Ordinal))
            .ToList();
        Assert.True(files.Count >= 4, string.Join(", ", files));
        foreach (var file in files)
        {
            var policy = RoutingPolicyLoader.Load([new PolicyFile(Path.GetRelativePath(RepoPaths.Root, file), File.ReadAllText(file))], DateTimeOffset.UtcNow);
            Assert.NotEmpty(policy.Rules);
        }
    }

    private sealed record Report(string Dir, int Objects, string[] Kinds, string[] Problems);

    private static async Task<(int Exit, Report Report)> ValidateAsync(string dir)
    {
        var result = await ProcessRunner.RunAsync("node", [Path.Combine(RepoPaths.Root, "deploy", "validate", "validate.mjs"), dir], RepoPaths.Root,
            timeout: TimeSpan.FromMinutes(3));
        var line = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault()
            ?? throw new InvalidOperationException($"validate.mjs printed nothing (exit {result.ExitCode}): {result.Stderr}");
        var report = JsonSerializer.Deserialize<Report>(line, new JsonSerializerOptions { PropertyNameCaseInsensitive = true })!;
        return (result.ExitCode, report);
    }
}
