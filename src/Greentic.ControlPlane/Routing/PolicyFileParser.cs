using Greentic.ControlPlane.Tenancy;
using System.Globalization;
using System.Net;
using Greentic.ControlPlane.Auth;
using Greentic.ControlPlane.Secrets;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Greentic.ControlPlane.Routing;

/// <summary>
/// Parses one policy file into rules, adding every problem found to the shared error list. A file is either the
/// version-1 document (snake_case keys) or a Kubernetes <c>RoutingPolicy</c> resource (<see cref="RoutingPolicyResource"/>:
/// the same fields in camelCase under <c>spec</c>); errors name the field as the file spells it.
/// </summary>
internal sealed partial class PolicyFileParser(string file, List<PolicyError> errors)
{
    private static readonly string[] TopKeys = ["version", "tenant", "defaults", "rules"];
    private static readonly string[] SpecKeys = ["tenant", "defaults", "rules"];

    /// <summary>True while parsing a RoutingPolicy resource: keys are camelCase and paths start at <c>spec</c>.</summary>
    private bool _resource;
    private static readonly string[] RuleKeys = ["name", "description", "match", "binding"];
    private static readonly string[] MatchKeys = ["tenant", "team", "user", "env", "cloud", "capability", "provider_type", "op"];
    private static readonly string[] BindingKeys = ["transport", "target", "timeout", "retry", "breaker", "secrets"];
    private static readonly string[] DefaultsKeys = ["timeout", "retry", "breaker", "secrets"];
    private static readonly string[] RetryKeys = ["max_attempts", "base_delay", "max_delay"];
    private static readonly string[] BreakerKeys = ["failure_ratio", "min_throughput", "break_duration", "sampling_duration"];
    private static readonly string[] Clouds = ["aws", "gcp", "azure", "hetzner", "local", "other"];
    private static readonly TimeSpan MaxTimeout = TimeSpan.FromMinutes(10);

    private sealed record PartialRetry(int? MaxAttempts, TimeSpan? BaseDelay, TimeSpan? MaxDelay);

    private sealed record PartialBreaker(bool Off, double? FailureRatio, int? MinThroughput, TimeSpan? BreakDuration, TimeSpan? SamplingDuration);

    private sealed record Defaults(TimeSpan? Timeout, PartialRetry? Retry, PartialBreaker? Breaker, SecretsAllowList? Secrets);

    /// <summary>
    /// The rules of one file. Never throws for any content: whatever goes wrong becomes an error naming this file and,
    /// where known, the line — YamlDotNet reports some malformed input (an unclosed flow mapping) with exceptions other
    /// than <see cref="YamlException"/>, and a reload must never take the host down.
    /// </summary>
    public List<RouteRule> Parse(string content)
    {
        var scanner = new Scanner(new StringReader(content));
        try
        {
            return ParseYaml(scanner);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // YamlDotNet's own text for these ("Operation is not valid due to the current state of the object") says nothing useful.
            var detail = ex is InvalidOperationException ? "" : $": {ex.Message}";
            Error(scanner.CurrentPosition, "(yaml)", $"malformed YAML near here (is a '{{', '[' or quote left open?){detail}");
            return [];
        }
    }

    private List<RouteRule> ParseYaml(Scanner scanner)
    {
        var rules = new List<RouteRule>();
        var stream = new YamlStream();
        try
        {
            stream.Load(new DepthLimitedParser(new Parser(scanner)));
        }
        catch (YamlException ex)
        {
            // YamlDotNet marks are 1-based.
            Error(ex.Start, "(yaml)", Flatten(ex));
            return rules;
        }
        if (stream.Documents.Count == 0)
        {
            Error((YamlNode?)null, "version", "the file is empty; a policy file needs at least 'version: 1' and 'rules:'");
            return rules;
        }
        if (stream.Documents.Count > 1)
        {
            Error(stream.Documents[1].RootNode, "(yaml)", "one YAML document per file; split the documents into separate files");
            return rules;
        }
        if (stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            Error(stream.Documents[0].RootNode, "(root)", "the file must be a mapping with 'version' and 'rules'");
            return rules;
        }
        if (RoutingPolicyResource.IsResource(root))
        {
            if (RoutingPolicyResource.Spec(root, this) is not { } spec) return rules;
            _resource = true;
            root = spec;
            CheckKeys(root, SpecKeys, "");
        }
        else
        {
            CheckKeys(root, TopKeys, "");
            var version = Scalar(root, "version", "version");
            if (version is null)
            {
                Error(root, "version", $"required; write 'version: 1' (or write a {RoutingPolicyResource.Kind} resource with apiVersion {RoutingPolicyResource.ApiVersion})");
            }
            else if (version.Value != "1")
            {
                Error(version, "version", $"unsupported version '{version.Value}'; this host reads version 1");
            }
        }

        string? fileTenant = null;
        if (Scalar(root, "tenant", "tenant") is { } tenantNode)
        {
            fileTenant = tenantNode.Value;
            if (!TenantContext.IsValidIdentifier(fileTenant))
            {
                Error(tenantNode, "tenant", $"'{fileTenant}' is not a tenant identifier (letters, digits, '_' or '-', starting with a letter or digit)");
                fileTenant = null;
            }
        }

        var defaults = ParseDefaults(root);
        if (!Child(root, "rules", out var rulesNode))
        {
            Error(root, "rules", "required; write 'rules: []' for a file without rules");
            return rules;
        }
        if (rulesNode is YamlScalarNode { Value: null or "" or "~" or "null" })
        {
            return rules;
        }
        if (rulesNode is not YamlSequenceNode sequence)
        {
            Error(rulesNode, "rules", "must be a list of rules");
            return rules;
        }
        for (var i = 0; i < sequence.Children.Count; i++)
        {
            var rule = ParseRule(sequence.Children[i], $"rules[{i}]", fileTenant, defaults);
            if (rule is not null) rules.Add(rule);
        }
        return rules;
    }

    private Defaults ParseDefaults(YamlMappingNode root)
    {
        if (!Child(root, "defaults", out var node)) return new Defaults(null, null, null, null);
        if (node is not YamlMappingNode map)
        {
            Error(node, "defaults", "must be a mapping");
            return new Defaults(null, null, null, null);
        }
        CheckKeys(map, DefaultsKeys, "defaults");
        return new Defaults(
            Duration(map, "timeout", "defaults.timeout", TimeSpan.FromMilliseconds(10), MaxTimeout),
            ParseRetry(map, "defaults.retry"),
            ParseBreaker(map, "defaults.breaker"),
            ParseSecrets(map, "defaults.secrets"));
    }

    private RouteRule? ParseRule(YamlNode node, string path, string? fileTenant, Defaults defaults)
    {
        if (node is not YamlMappingNode map)
        {
            Error(node, path, "a rule must be a mapping with 'name', 'match' and 'binding'");
            return null;
        }
        var before = errors.Count;
        CheckKeys(map, RuleKeys, path);
        var nameNode = Scalar(map, "name", $"{path}.name");
        var name = nameNode?.Value;
        if (string.IsNullOrWhiteSpace(name))
        {
            Error(map, $"{path}.name", "required: every rule has a name (used in errors, logs and AdminService)");
        }
        else if (name.Length > 128 || name.Any(char.IsControl))
        {
            Error(nameNode, $"{path}.name", "at most 128 characters, no control characters");
        }
        Scalar(map, "description", $"{path}.description");

        var criteria = ParseMatch(map, path, fileTenant);
        RouteBinding? binding = null;
        if (!Child(map, "binding", out var bindingNode))
        {
            Error(map, $"{path}.binding", "required: say where matching calls go (transport and target)");
        }
        else
        {
            binding = ParseBinding(bindingNode, $"{path}.binding", defaults);
        }
        if (errors.Count > before || binding is null || criteria is null || name is null)
        {
            return null;
        }
        return new RouteRule(name, criteria, binding, new PolicySource(file, (int)map.Start.Line));
    }

    private RouteCriteria? ParseMatch(YamlMappingNode rule, string path, string? fileTenant)
    {
        var values = new Dictionary<string, string?>();
        if (Child(rule, "match", out var node))
        {
            if (node is YamlMappingNode map)
            {
                CheckKeys(map, MatchKeys, $"{path}.match");
                foreach (var key in MatchKeys)
                {
                    var scalar = Scalar(map, key, $"{path}.match.{key}");
                    if (scalar is null) continue;
                    var value = scalar.Value;
                    if (value is null or "" or "*") continue;
                    var problem = key switch
                    {
                        "tenant" or "team" or "env" => TenantContext.IsValidIdentifier(value) ? null : "is not an identifier (letters, digits, '_' or '-', starting with a letter or digit)",
                        "user" => TenantContext.IsValidUser(value) ? null : "is not a valid user id",
                        "cloud" => Clouds.Contains(value) ? null : $"is not one of {string.Join(", ", Clouds)}",
                        _ => IsName(value) ? null : "may contain only letters, digits, '.', '_' and '-'",
                    };
                    if (problem is not null)
                    {
                        Error(scalar, $"{path}.match.{key}", $"'{TenantContext.Sanitize(value)}' {problem}");
                        continue;
                    }
                    values[key] = value;
                }
            }
            else if (!(node is YamlScalarNode { Value: null or "" or "~" or "*" }))
            {
                Error(node, $"{path}.match", "must be a mapping of match fields (or absent to match every call)");
                return null;
            }
        }
        var tenant = values.GetValueOrDefault("tenant");
        if (fileTenant is not null)
        {
            if (tenant is not null && tenant != fileTenant)
            {
                Error(rule, $"{path}.match.tenant", $"'{tenant}' differs from the file's tenant '{fileTenant}'; a tenant file holds only that tenant's rules");
                return null;
            }
            tenant = fileTenant;
        }
        return new RouteCriteria(tenant, values.GetValueOrDefault("team"), values.GetValueOrDefault("user"), values.GetValueOrDefault("env"),
            values.GetValueOrDefault("cloud"), values.GetValueOrDefault("capability"), values.GetValueOrDefault("provider_type"), values.GetValueOrDefault("op"));
    }

    private RouteBinding? ParseBinding(YamlNode node, string path, Defaults defaults)
    {
        if (node is not YamlMappingNode map)
        {
            Error(node, path, "must be a mapping with 'transport' and 'target'");
            return null;
        }
        var before = errors.Count;
        CheckKeys(map, BindingKeys, path);
        RouteTransport? transport = null;
        var transportNode = Scalar(map, "transport", $"{path}.transport");
        if (transportNode is null)
        {
            Error(map, $"{path}.transport", "required: inproc, sidecar or remote");
        }
        else
        {
            transport = transportNode.Value switch
            {
                "inproc" => RouteTransport.InProc,
                "sidecar" => RouteTransport.Sidecar,
                "remote" => RouteTransport.Remote,
                _ => null,
            };
            if (transport is null) Error(transportNode, $"{path}.transport", $"'{TenantContext.Sanitize(transportNode.Value ?? "")}' is not one of inproc, sidecar, remote");
        }
        var targetNode = Scalar(map, "target", $"{path}.target");
        if (targetNode is null || string.IsNullOrWhiteSpace(targetNode.Value))
        {
            Error(targetNode ?? (YamlNode)map, $"{path}.target", "required: a provider name (inproc) or an address (sidecar, remote)");
        }
        else if (transport is { } t && CheckTarget(t, targetNode.Value!) is { } problem)
        {
            Error(targetNode, $"{path}.target", problem);
        }

        var timeout = Duration(map, "timeout", $"{path}.timeout", TimeSpan.FromMilliseconds(10), MaxTimeout) ?? defaults.Timeout ?? ResilienceDefaults.Timeout;
        var retry = MergeRetry(ParseRetry(map, $"{path}.retry"), defaults.Retry, map, $"{path}.retry");
        var breaker = MergeBreaker(ParseBreaker(map, $"{path}.breaker"), defaults.Breaker);
        var secrets = ParseSecrets(map, $"{path}.secrets") ?? defaults.Secrets ?? SecretsAllowList.None;
        if (errors.Count > before || transport is null || retry is null)
        {
            return null;
        }
        return new RouteBinding(transport.Value, targetNode!.Value!, timeout, retry, breaker, secrets);
    }

    private static string? CheckTarget(RouteTransport transport, string target)
    {
        if (transport == RouteTransport.InProc)
        {
            return target.Contains("://") || !IsName(target.Replace(":", "").Replace("@", "").Replace("/", ""))
                ? $"'{TenantContext.Sanitize(target)}' is not a provider name; inproc targets name a provider (e.g. messaging.telegram.bot), not an address"
                : null;
        }
        if (!Uri.TryCreate(target, UriKind.Absolute, out var uri))
        {
            return $"'{TenantContext.Sanitize(target)}' is not an absolute address";
        }
        if (transport == RouteTransport.Remote)
        {
            if (uri.Scheme != Uri.UriSchemeHttps)
                return $"remote targets must be https://host[:port] (TLS is required off-host), not '{uri.Scheme}://'";
            return HasOnlyAuthority(uri) ? null : "remote targets are https://host[:port] with no path, query or credentials";
        }
        if (uri.Scheme == "unix")
        {
            return uri.Host.Length == 0 && uri.AbsolutePath.Length > 1 && target.StartsWith("unix:///", StringComparison.Ordinal)
                ? null
                : "unix socket targets are unix:///absolute/path (three slashes)";
        }
        if (uri.Scheme is "http" or "https")
        {
            if (!HasOnlyAuthority(uri) || uri.IsDefaultPort && !target.Contains(":" + uri.Port, StringComparison.Ordinal))
                return "sidecar TCP targets are http://127.0.0.1:port (an explicit port, no path)";
            var host = uri.Host.Trim('[', ']');
            var loopback = host == "localhost" || (IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip));
            return loopback ? null : $"sidecar TCP targets must be loopback ('{uri.Host}' is not); use transport 'remote' with https for other hosts";
        }
        return $"sidecar targets are unix:///path or http://127.0.0.1:port, not '{uri.Scheme}://'";
    }

    private static bool HasOnlyAuthority(Uri uri) =>
        uri.AbsolutePath == "/" && uri.Query.Length == 0 && uri.Fragment.Length == 0 && uri.UserInfo.Length == 0;

    private SecretsAllowList? ParseSecrets(YamlMappingNode parent, string path)
    {
        if (!Child(parent, "secrets", out var node)) return null;
        if (node is not YamlSequenceNode seq)
        {
            Error(node, path, "must be a list such as [messaging/telegram_bot_token, 'messaging/*']");
            return null;
        }
        var entries = new List<string>();
        for (var i = 0; i < seq.Children.Count; i++)
        {
            if (seq.Children[i] is not YamlScalarNode { Value: { } v })
            {
                Error(seq.Children[i], $"{path}[{i}]", "must be a string");
                continue;
            }
            if (SecretsAllowList.TryParse([v], out var error) is null)
            {
                Error(seq.Children[i], $"{path}[{i}]", error!);
                continue;
            }
            entries.Add(v);
        }
        return SecretsAllowList.TryParse(entries, out _);
    }
}
