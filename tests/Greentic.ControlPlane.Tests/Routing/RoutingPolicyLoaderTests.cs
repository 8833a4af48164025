using Greentic.ControlPlane.Tenancy;
using Greentic.ControlPlane.Auth;
using Greentic.ControlPlane.Routing;

namespace Greentic.ControlPlane.Tests.Routing;

public sealed class RoutingPolicyLoaderTests
{
    private static readonly DateTimeOffset Now = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    internal const string AcmeYaml = """
        version: 1
        tenant: acme
        defaults:
          timeout: 10s
          retry: { max_attempts: 3, base_delay: 200ms, max_delay: 5s }
          secrets: ["messaging/*"]
        rules:
          - name: acme-messaging
            match:
              capability: messaging
            binding:
              transport: inproc
              target: messaging.webchat
          - name: acme-telegram-send
            description: Telegram sends go to the sidecar
            match:
              provider_type: messaging.telegram.bot
              op: send_payload
            binding:
              transport: sidecar
              target: unix:///run/greentic/telegram.sock
              timeout: 5s
              retry: { max_attempts: 5 }
              breaker: { failure_ratio: 0.25, min_throughput: 20, break_duration: 1m }
              secrets: [messaging/telegram_bot_token]
          - name: acme-support-telegram-send
            match:
              team: support
              provider_type: messaging.telegram.bot
              op: send_payload
            binding:
              transport: remote
              target: https://gw.acme.example:8443
        """;

    internal const string GlobalYaml = """
        version: 1
        rules:
          - name: default-everything
            binding: { transport: inproc, target: messaging.dummy }
          - name: prod-on-aws
            match: { tenant: globex, env: prod, cloud: aws }
            binding: { transport: sidecar, target: "http://127.0.0.1:50051", breaker: off }
        """;

    private static RoutingPolicy Load(params (string Path, string Content)[] files) =>
        RoutingPolicyLoader.Load(files.Select(f => new PolicyFile(f.Path, f.Content)).ToList(), Now);

    private static RoutingPolicyException LoadFails(params (string Path, string Content)[] files) =>
        Assert.Throws<RoutingPolicyException>(() => Load(files));

    private static RouteQuery Q(string tenant, string op, string? capability = null, string? providerType = null,
        string? team = null, string env = "dev", string? cloud = null, string? user = null) =>
        new(new TenantContext(env, tenant, team, user), op, capability, providerType, cloud);

    [Fact]
    public void Documented_example_loads_with_defaults_merged()
    {
        var policy = Load(("acme.yaml", AcmeYaml), ("global.yaml", GlobalYaml));
        Assert.Equal(5, policy.Rules.Count);
        Assert.StartsWith("sha256:", policy.Version);
        Assert.Equal(["acme.yaml", "global.yaml"], policy.Files);

        var send = policy.Resolve(Q("acme", "send_payload", "messaging", "messaging.telegram.bot"))!;
        Assert.Equal("acme-telegram-send", send.Name);
        Assert.Equal(("acme.yaml", 14), (send.Source.File, send.Source.Line));
        var b = send.Binding;
        Assert.Equal(RouteTransport.Sidecar, b.Transport);
        Assert.Equal(new Uri("unix:///run/greentic/telegram.sock"), b.TargetUri);
        Assert.Equal(TimeSpan.FromSeconds(5), b.Timeout);
        Assert.Equal(new RetrySettings(5, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(5)), b.Retry);
        Assert.Equal(new BreakerSettings(0.25, 20, TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(30)), b.Breaker);
        Assert.True(b.Secrets.Allows("messaging", "telegram_bot_token"));
        Assert.False(b.Secrets.Allows("messaging", "slack_token"));

        var webchat = policy.Resolve(Q("acme", "render_plan", "messaging", "messaging.webchat"))!;
        Assert.Equal("acme-messaging", webchat.Name);
        Assert.Equal(TimeSpan.FromSeconds(10), webchat.Binding.Timeout);
        Assert.Null(webchat.Binding.Breaker);
        Assert.True(webchat.Binding.Secrets.Allows("messaging", "anything"));
    }

    [Fact]
    public void Most_specific_rule_wins_across_files_and_tenants()
    {
        var policy = Load(("acme.yaml", AcmeYaml), ("global.yaml", GlobalYaml));
        Assert.Equal("acme-support-telegram-send",
            policy.Resolve(Q("acme", "send_payload", "messaging", "messaging.telegram.bot", team: "support"))!.Name);
        Assert.Equal("acme-telegram-send",
            policy.Resolve(Q("acme", "send_payload", "messaging", "messaging.telegram.bot", team: "sales"))!.Name);
        Assert.Equal("default-everything", policy.Resolve(Q("globex", "send_payload", "messaging"))!.Name);
        Assert.Equal("prod-on-aws", policy.Resolve(Q("globex", "x", env: "prod", cloud: "aws"))!.Name);
        Assert.Equal("default-everything", policy.Resolve(Q("globex", "x", env: "prod", cloud: "gcp"))!.Name);
        // A tenant file's tenant counts as a match field: acme's capability rule has specificity 2.
        Assert.Equal(2, policy.Resolve(Q("acme", "x", "messaging", env: "prod", cloud: "aws"))!.Specificity);
    }

    [Fact]
    public void No_rule_means_no_route()
    {
        var policy = Load(("acme.yaml", AcmeYaml));
        Assert.Null(policy.Resolve(Q("globex", "send_payload", "messaging")));
        Assert.Null(policy.Resolve(Q("acme", "get", "state")));
        Assert.Null(RoutingPolicy.Empty.Resolve(Q("acme", "x")));
    }

    [Fact]
    public void Wildcards_and_absent_fields_are_the_same()
    {
        var policy = Load(("a.yaml", """
            version: 1
            rules:
              - name: r
                match: { tenant: "*", team: "*", op: send }
                binding: { transport: inproc, target: p }
            """));
        Assert.Equal(1, policy.Rules[0].Specificity);
        Assert.NotNull(policy.Resolve(Q("any", "send", team: "t")));
    }

    [Fact]
    public void Equally_specific_overlapping_rules_are_a_load_error_naming_both()
    {
        var ex = LoadFails(("a.yaml", """
            version: 1
            tenant: acme
            rules:
              - name: by-op
                match: { op: send_payload }
                binding: { transport: inproc, target: a }
              - name: by-provider
                match: { provider_type: messaging.telegram.bot }
                binding: { transport: inproc, target: b }
            """));
        var error = Assert.Single(ex.Errors);
        Assert.Equal("a.yaml", error.File);
        Assert.Equal(7, error.Line);
        Assert.Contains("'by-provider'", error.Message);
        Assert.Contains("'by-op' at a.yaml:4", error.Message);
        Assert.Contains("equally specific", error.Message);
    }

    [Fact]
    public void Equally_specific_overlap_across_files_is_detected()
    {
        var ex = LoadFails(("acme.yaml", "version: 1\ntenant: acme\nrules:\n  - name: a\n    binding: { transport: inproc, target: a }\n"),
            ("global.yaml", "version: 1\nrules:\n  - name: b\n    match: { op: send }\n    binding: { transport: inproc, target: b }\n"));
        Assert.Contains("global.yaml:3", ex.Message);
        Assert.Contains("acme.yaml:4", ex.Message);
    }

    [Fact]
    public void Equally_specific_disjoint_rules_are_fine()
    {
        var policy = Load(("a.yaml", """
            version: 1
            rules:
              - { name: send-acme, match: { tenant: acme, op: send }, binding: { transport: inproc, target: a } }
              - { name: send-globex, match: { tenant: globex, op: send }, binding: { transport: inproc, target: b } }
              - { name: recv-acme, match: { tenant: acme, op: recv }, binding: { transport: inproc, target: c } }
            """));
        Assert.Equal("b", policy.Resolve(Q("globex", "send"))!.Binding.Target);
        Assert.Equal("c", policy.Resolve(Q("acme", "recv"))!.Binding.Target);
    }

    [Fact]
    public void Unknown_keys_are_errors_with_position_and_suggestion()
    {
        var ex = LoadFails(("acme.yaml", """
            version: 1
            rules:
              - name: r
                match:
                  tennant: acme
                binding: { transport: inproc, target: p, timout: 5s }
            """));
        Assert.Equal(2, ex.Errors.Count);
        var match = ex.Errors[0];
        Assert.Equal((5, 7, "rules[0].match.tennant"), (match.Line, match.Column, match.Field));
        Assert.Contains("did you mean 'tenant'", match.Message);
        Assert.Equal("rules[0].binding.timout", ex.Errors[1].Field);
        Assert.Equal(6, ex.Errors[1].Line);
        Assert.StartsWith("acme.yaml:5:7: rules[0].match.tennant: unknown key", match.ToString());
    }

    [Theory]
    [InlineData("remote", "http://gw.example:80", "https")]
    [InlineData("remote", "https://gw.example:8443/path", "no path")]
    [InlineData("remote", "https://user:pw@gw.example", "credentials")]
    [InlineData("sidecar", "http://10.0.0.5:50051", "loopback")]
    [InlineData("sidecar", "http://127.0.0.1", "explicit port")]
    [InlineData("sidecar", "unix://relative/path.sock", "three slashes")]
    [InlineData("sidecar", "tcp://127.0.0.1:5000", "not 'tcp://'")]
    [InlineData("sidecar", "not a uri", "absolute")]
    [InlineData("inproc", "http://127.0.0.1:1", "not a provider name")]
    [InlineData("inproc", "bad name!", "not a provider name")]
    [InlineData("carrier-pigeon", "x", "not one of inproc, sidecar, remote")]
    public void Bad_targets_are_explained(string transport, string target, string expected)
    {
        var ex = LoadFails(("a.yaml", $"version: 1\nrules:\n  - name: r\n    binding:\n      transport: {transport}\n      target: \"{target}\"\n"));
        var error = Assert.Single(ex.Errors);
        Assert.Contains(expected, error.Message);
        Assert.True(error.Line is 5 or 6, error.ToString());
    }

    [Theory]
    [InlineData("http://127.0.0.1:50051")]
    [InlineData("http://localhost:50051")]
    [InlineData("http://[::1]:50051")]
    [InlineData("https://127.0.0.1:50051")]
    [InlineData("unix:///tmp/provider.sock")]
    public void Good_sidecar_targets(string target)
    {
        var policy = Load(("a.yaml", $"version: 1\nrules:\n  - name: r\n    binding: {{ transport: sidecar, target: \"{target}\" }}\n"));
        Assert.Equal(target, policy.Rules[0].Binding.Target);
    }

    [Theory]
    [InlineData("timeout: 5", "a unit is required")]
    [InlineData("timeout: soon", "not a duration")]
    [InlineData("timeout: 11m", "between")]
    [InlineData("timeout: 1ms", "between")]
    [InlineData("retry: { max_attempts: 0 }", "whole number from 1 to 10")]
    [InlineData("retry: { max_attempts: 2.5 }", "whole number")]
    [InlineData("retry: { base_delay: 2s, max_delay: 1s }", "below base_delay")]
    [InlineData("breaker: { failure_ratio: 1.5 }", "(0, 1]")]
    [InlineData("breaker: { min_throughput: 1 }", "from 2")]
    [InlineData("breaker: { break_duration: 100ms }", "between")]
    [InlineData("breaker: true", "or 'off'")]
    [InlineData("secrets: messaging/x", "must be a list")]
    [InlineData("secrets: [messaging]", "not a secret pattern")]
    [InlineData("secrets: [../etc/passwd]", "not a secret pattern")]
    [InlineData("secrets: [a/b/c]", "not a secret pattern")]
    public void Bad_binding_settings_are_explained(string setting, string expected)
    {
        var ex = LoadFails(("a.yaml", $"version: 1\nrules:\n  - name: r\n    binding:\n      transport: inproc\n      target: p\n      {setting}\n"));
        var error = Assert.Single(ex.Errors);
        Assert.Contains(expected, error.Message);
        Assert.Equal(7, error.Line);
    }

    [Theory]
    [InlineData("team: \"a.b\"", "not an identifier")]
    [InlineData("cloud: mars", "not one of aws")]
    [InlineData("op: [a, b]", "single value")]
    [InlineData("provider_type: \"x y\"", "only letters")]
    public void Bad_match_values_are_explained(string setting, string expected)
    {
        var ex = LoadFails(("a.yaml", $"version: 1\nrules:\n  - name: r\n    match:\n      {setting}\n    binding: {{ transport: inproc, target: p }}\n"));
        var error = Assert.Single(ex.Errors);
        Assert.Contains(expected, error.Message);
        Assert.Equal(5, error.Line);
    }

    [Fact]
    public void Yaml_syntax_errors_carry_the_position()
    {
        var ex = LoadFails(("broken.yaml", "version: 1\nrules:\n  - name: r\n    binding: { transport: inproc, target: p\n"));
        var error = Assert.Single(ex.Errors);
        Assert.Equal("broken.yaml", error.File);
        Assert.True(error.Line >= 4, error.ToString());
        Assert.Equal("(yaml)", error.Field);
    }

    [Fact]
    public void Duplicate_keys_are_errors()
    {
        var ex = LoadFails(("d.yaml", "version: 1\nrules: []\nrules: []\n"));
        Assert.Contains("Duplicate key", Assert.Single(ex.Errors).Message, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("", "the file is empty")]
    [InlineData("- a\n- b\n", "must be a mapping")]
    [InlineData("rules: []\n", "write 'version: 1'")]
    [InlineData("version: 2\nrules: []\n", "unsupported version '2'")]
    [InlineData("version: 1\n", "write 'rules: []'")]
    [InlineData("version: 1\nrules: {}\n", "list of rules")]
    [InlineData("version: 1\ntenant: a.b\nrules: []\n", "not a tenant identifier")]
    [InlineData("version: 1\nrules: []\n---\nversion: 1\nrules: []\n", "one YAML document per file")]
    [InlineData("version: 1\nrules:\n  - binding: { transport: inproc, target: p }\n", "every rule has a name")]
    [InlineData("version: 1\nrules:\n  - name: r\n", "say where matching calls go")]
    [InlineData("version: 1\nrules:\n  - just-a-string\n", "a rule must be a mapping")]
    public void Structural_errors_are_explained(string content, string expected)
    {
        var ex = LoadFails(("s.yaml", content));
        Assert.Contains(ex.Errors, e => e.Message.Contains(expected));
    }

    [Fact]
    public void Rules_in_a_tenant_file_cannot_name_another_tenant()
    {
        var ex = LoadFails(("acme.yaml", "version: 1\ntenant: acme\nrules:\n  - name: r\n    match: { tenant: globex }\n    binding: { transport: inproc, target: p }\n"));
        Assert.Contains("differs from the file's tenant 'acme'", Assert.Single(ex.Errors).Message);
    }

    [Fact]
    public void Rule_names_are_unique_across_files()
    {
        var ex = LoadFails(("a.yaml", "version: 1\nrules:\n  - { name: r, match: { op: a }, binding: { transport: inproc, target: p } }\n"),
            ("b.yaml", "version: 1\nrules:\n  - { name: r, match: { op: b }, binding: { transport: inproc, target: p } }\n"));
        Assert.Contains("already used at a.yaml:3", Assert.Single(ex.Errors).Message);
    }

    [Fact]
    public void All_errors_are_reported_at_once()
    {
        var ex = LoadFails(("a.yaml", "version: 3\nrules:\n  - name: r\n    binding: { transport: x, target: p, timeout: q }\n"),
            ("b.yaml", "nope: 1\n"));
        Assert.True(ex.Errors.Count >= 5, ex.Message);
        Assert.Contains("routing policy errors", ex.Message);
    }

    [Fact]
    public void Empty_rules_and_empty_directory_load()
    {
        Assert.Empty(Load(("a.yaml", "version: 1\nrules: []\n")).Rules);
        Assert.Empty(Load(("a.yaml", "version: 1\nrules:\n")).Rules);
        Assert.Equal("empty", Load().Version);
    }

    [Fact]
    public void Version_changes_with_content()
    {
        var a = Load(("a.yaml", "version: 1\nrules: []\n"));
        var b = Load(("a.yaml", "version: 1\nrules: []\n# comment\n"));
        Assert.NotEqual(a.Version, b.Version);
        Assert.Equal(a.Version, Load(("a.yaml", "version: 1\nrules: []\n")).Version);
    }

    [Fact]
    public void Resolve_scales_to_many_rules()
    {
        var lines = new List<string> { "version: 1", "rules:" };
        for (var t = 0; t < 200; t++)
        {
            for (var o = 0; o < 10; o++)
            {
                lines.Add($"  - {{ name: r{t}-{o}, match: {{ tenant: t{t}, op: op{o} }}, binding: {{ transport: inproc, target: p{t}-{o} }} }}");
            }
        }
        var policy = Load(("big.yaml", string.Join("\n", lines)));
        Assert.Equal(2000, policy.Rules.Count);
        Assert.Equal("p199-9", policy.Resolve(Q("t199", "op9"))!.Binding.Target);
    }
}
