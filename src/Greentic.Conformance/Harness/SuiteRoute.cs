namespace Greentic.Conformance.Harness;

/// <summary>How the suite's control plane reaches the target: its routing binding, and what that binding needs.</summary>
/// <param name="Transport"><c>inproc</c>, <c>sidecar</c> or <c>remote</c> (the routing policy's words).</param>
/// <param name="Target">The address, or for <c>inproc</c> the provider type.</param>
internal sealed record SuiteRoute(string Transport, string Target, string ProviderType)
{
    /// <summary>For <c>remote</c>: the suite's client identity and the CA the gateway's certificate chains to.</summary>
    public (string Cert, string Key, string Ca)? RemoteIdentity { get; init; }

    /// <summary>For <c>inproc</c>: the pack that declares the component.</summary>
    public ComponentPack? Pack { get; init; }

    /// <summary>The routing policy: one rule for the provider type, with retries (the provider's backoff is honoured)
    /// and the suite's secrets allow-list.</summary>
    public string ToYaml() => $$"""
        version: 1
        rules:
          - name: {{SuiteControlPlane.Binding}}
            match: { provider_type: "{{ProviderType}}" }
            binding:
              transport: {{Transport}}
              target: "{{Target}}"
              timeout: 20s
              retry: { max_attempts: {{SuiteControlPlane.MaxAttempts}}, base_delay: 1ms, max_delay: 10s }
              secrets: [{{SuiteControlPlane.AllowedSecret}}]
        """;
}
