using Greentic.ControlPlane.Routing;
using Greentic.ControlPlane.Tenancy;

namespace Greentic.Scale.Tests.Routing;

/// <summary>The control plane reads routing rules in the Kubernetes RoutingPolicy shape, as GitOps or an operator writes them.</summary>
public sealed class RoutingPolicyResourceTests
{
    private static readonly DateTimeOffset Now = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    internal const string AcmeResource = """
        apiVersion: greentic.ai/v1alpha1
        kind: RoutingPolicy
        metadata:
          name: acme-routes
          namespace: greentic-acme
          labels: { app.kubernetes.io/part-of: greentic }
        spec:
          tenant: acme
          defaults:
            timeout: 10s
            retry: { maxAttempts: 3, baseDelay: 200ms, maxDelay: 5s }
            secrets: ["messaging/*"]
          rules:
            - name: acme-messaging
              match: { capability: messaging }
              binding: { transport: inproc, target: messaging.webchat }
            - name: acme-telegram-send
              match:
                providerType: messaging.telegram.bot
                op: send_payload
              binding:
                transport: sidecar
                target: unix:///run/greentic/providers/telegram.sock
                timeout: 5s
                retry: { maxAttempts: 5 }
                breaker: { failureRatio: 0.25, minThroughput: 20, breakDuration: 1m }
                secrets: [messaging/telegram_bot_token]
        status:
          observedGeneration: 3
        """;

    internal const string AcmeVersion1 = """
        version: 1
        tenant: acme
        defaults:
          timeout: 10s
          retry: { max_attempts: 3, base_delay: 200ms, max_delay: 5s }
          secrets: ["messaging/*"]
        rules:
          - name: acme-messaging
            match: { capability: messaging }
            binding: { transport: inproc, target: messaging.webchat }
          - name: acme-telegram-send
            match:
              provider_type: messaging.telegram.bot
              op: send_payload
            binding:
              transport: sidecar
              target: unix:///run/greentic/providers/telegram.sock
              timeout: 5s
              retry: { max_attempts: 5 }
              breaker: { failure_ratio: 0.25, min_throughput: 20, break_duration: 1m }
              secrets: [messaging/telegram_bot_token]
        """;

    private static RoutingPolicy Load(params (string Path, string Content)[] files) =>
        RoutingPolicyLoader.Load(files.Select(f => new PolicyFile(f.Path, f.Content)).ToList(), Now);

    private static PolicyError OnlyError(params (string Path, string Content)[] files)
    {
        var e = Assert.Throws<RoutingPolicyException>(() => Load(files));
        return Assert.Single(e.Errors);
    }

    [Fact]
    public void A_resource_yields_the_same_rules_as_the_version_1_file()
    {
        var resource = Load(("acme.yaml", AcmeResource));
        var v1 = Load(("acme.yaml", AcmeVersion1));
        Assert.Equal(v1.Rules.Count, resource.Rules.Count);
        foreach (var (a, b) in v1.Rules.Zip(resource.Rules))
        {
            Assert.Equal(a.Name, b.Name);
            Assert.Equal(a.Match, b.Match);
            Assert.Equal(a.Binding.Transport, b.Binding.Transport);
            Assert.Equal(a.Binding.Target, b.Binding.Target);
            Assert.Equal(a.Binding.Timeout, b.Binding.Timeout);
            Assert.Equal(a.Binding.Retry, b.Binding.Retry);
            Assert.Equal(a.Binding.Breaker, b.Binding.Breaker);
            Assert.Equal(a.Binding.Secrets, b.Binding.Secrets);
            Assert.Equal(a.Source.Line, b.Source.Line - 6); // the resource's rules start six lines lower
        }
        var send = resource.Resolve(new RouteQuery(new TenantContext("dev", "acme"), "send_payload", "messaging", "messaging.telegram.bot"));
        Assert.Equal("acme-telegram-send", send!.Name);
        Assert.Equal(new RetrySettings(5, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(5)), send.Binding.Retry);
    }

    [Fact]
    public void Resources_and_version_1_files_load_together_and_conflicts_across_them_name_both()
    {
        var other = """
            version: 1
            rules:
              - name: globex-all
                match: { tenant: globex }
                binding: { transport: inproc, target: messaging.dummy }
            """;
        Assert.Equal(3, Load(("acme.yaml", AcmeResource), ("globex.yaml", other)).Rules.Count);

        var clash = """
            apiVersion: greentic.ai/v1alpha1
            kind: RoutingPolicy
            metadata: { name: clash }
            spec:
              rules:
                - name: any-messaging-for-acme
                  match: { tenant: acme, capability: messaging }
                  binding: { transport: inproc, target: messaging.dummy }
            """;
        var error = OnlyError(("acme.yaml", AcmeResource), ("z-clash.yaml", clash));
        Assert.Equal("z-clash.yaml", error.File);
        Assert.Contains("acme-messaging", error.Message);
        Assert.Contains("acme.yaml:", error.Message);
    }

    [Theory]
    [InlineData("apiVersion: greentic.ai/v1\n", 1, 13, "apiVersion", "'greentic.ai/v1' is not supported")]
    [InlineData("kind: RoutingPolicies\n", 2, 7, "kind", "'RoutingPolicies' is not supported")]
    [InlineData("metadata: { namespace: x }\n", 3, 11, "metadata.name", "required")]
    [InlineData("metadata: { name: Acme_Routes }\n", 3, 19, "metadata.name", "is not a Kubernetes name")]
    [InlineData("spek: {}\n", 4, 1, "spek", "unknown key")]
    public void Header_errors_name_file_line_column_and_field(string replacement, int line, int column, string field, string message)
    {
        var lines = new[] { "apiVersion: greentic.ai/v1alpha1\n", "kind: RoutingPolicy\n", "metadata: { name: r }\n", "spec: { rules: [] }\n" };
        var key = replacement.Split(':')[0];
        var index = Array.FindIndex(lines, l => l.StartsWith(key + ":", StringComparison.Ordinal));
        if (index >= 0) lines[index] = replacement; else lines = [.. lines[..3], replacement, lines[3]];
        var error = OnlyError(("policy.yaml", string.Concat(lines)));
        Assert.Equal(("policy.yaml", line, column, field), (error.File, error.Line, error.Column, error.Field));
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void Spec_errors_use_the_resource_spelling_and_position()
    {
        var typo = AcmeResource.Replace("providerType: messaging.telegram.bot", "provider_type: messaging.telegram.bot");
        var error = OnlyError(("acme.yaml", typo));
        Assert.Equal("spec.rules[1].match.provider_type", error.Field);
        Assert.Equal((19, 9), (error.Line, error.Column));
        Assert.Contains("did you mean 'providerType'", error.Message);

        var badDuration = AcmeResource.Replace("baseDelay: 200ms", "baseDelay: soon");
        error = OnlyError(("acme.yaml", badDuration));
        Assert.Equal("spec.defaults.retry.baseDelay", error.Field);
        Assert.Equal(11, error.Line);
        Assert.Contains("not a duration", error.Message);

        var noSpec = "apiVersion: greentic.ai/v1alpha1\nkind: RoutingPolicy\nmetadata: { name: r }\n";
        error = OnlyError(("r.yaml", noSpec));
        Assert.Equal(("spec", 1), (error.Field, error.Line));
    }
}
