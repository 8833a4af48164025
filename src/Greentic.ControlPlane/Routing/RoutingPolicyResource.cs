using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Greentic.ControlPlane.Routing;

/// <summary>
/// The Kubernetes shape of a policy file: a <c>RoutingPolicy</c> custom resource (CRD in
/// <c>deploy/k8s/crds/routingpolicies.yaml</c>), so GitOps or an operator can write the files the control plane
/// mounts from a ConfigMap:
/// <code>
/// apiVersion: greentic.ai/v1alpha1
/// kind: RoutingPolicy
/// metadata: { name: acme-routes }
/// spec:                     # the version-1 document's fields, camelCase: providerType, maxAttempts, baseDelay,
///   tenant: acme            # maxDelay, failureRatio, minThroughput, breakDuration, samplingDuration
///   defaults: { timeout: 10s }
///   rules:
///     - name: telegram-send
///       match: { providerType: messaging.telegram.bot, op: send_payload }
///       binding: { transport: sidecar, target: unix:///run/greentic/providers/telegram.sock }
/// </code>
/// Only the header is checked here; <see cref="PolicyFileParser"/> reads <c>spec</c> with the same rules, errors
/// and line numbers as a version-1 file. <c>status</c> (written by a controller) is ignored.
/// </summary>
internal static partial class RoutingPolicyResource
{
    public const string ApiVersion = "greentic.ai/v1alpha1";
    public const string Kind = "RoutingPolicy";
    private static readonly string[] HeaderKeys = ["apiVersion", "kind", "metadata", "spec", "status"];

    public static bool IsResource(YamlMappingNode root) =>
        PolicyFileParser.Find(root, "apiVersion", out _) || PolicyFileParser.Find(root, "kind", out _);

    /// <summary>The <c>spec</c> mapping, or null after reporting why the header is not a RoutingPolicy.</summary>
    public static YamlMappingNode? Spec(YamlMappingNode root, PolicyFileParser parser)
    {
        var ok = true;
        foreach (var key in root.Children.Keys)
        {
            if (key is YamlScalarNode { Value: { } name } && HeaderKeys.Contains(name)) continue;
            parser.Error(key, (key as YamlScalarNode)?.Value ?? "(key)", $"unknown key; a {Kind} resource has {string.Join(", ", HeaderKeys)}");
            ok = false;
        }
        ok &= Expect(root, "apiVersion", ApiVersion, parser);
        ok &= Expect(root, "kind", Kind, parser);
        if (!PolicyFileParser.Find(root, "metadata", out var metadata) || metadata is not YamlMappingNode meta)
        {
            parser.Error(PolicyFileParser.Find(root, "metadata", out var m) ? m : root, "metadata", "required: a mapping with 'name'");
            ok = false;
        }
        else if (!PolicyFileParser.Find(meta, "name", out var nameNode) || nameNode is not YamlScalarNode { Value: { Length: > 0 } name })
        {
            parser.Error(meta, "metadata.name", "required: the resource's name");
            ok = false;
        }
        else if (name.Length > 253 || !DnsSubdomain().IsMatch(name))
        {
            parser.Error(nameNode, "metadata.name", $"'{Tenancy.TenantContext.Sanitize(name)}' is not a Kubernetes name (lower-case letters, digits, '-' and '.', at most 253)");
            ok = false;
        }
        if (!PolicyFileParser.Find(root, "spec", out var specNode))
        {
            parser.Error(root, "spec", "required: the policy (tenant, defaults, rules)");
            return null;
        }
        if (specNode is not YamlMappingNode spec)
        {
            parser.Error(specNode, "spec", "must be a mapping with 'rules'");
            return null;
        }
        return ok ? spec : null;
    }

    private static bool Expect(YamlMappingNode root, string key, string expected, PolicyFileParser parser)
    {
        if (!PolicyFileParser.Find(root, key, out var node))
        {
            parser.Error(root, key, $"required: {key}: {expected}");
            return false;
        }
        if (node is YamlScalarNode { Value: { } value } && value == expected) return true;
        var shown = node is YamlScalarNode s ? Tenancy.TenantContext.Sanitize(s.Value ?? "") : "(not a value)";
        parser.Error(node, key, $"'{shown}' is not supported; this loader reads {key}: {expected}");
        return false;
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex DnsSubdomain();
}
