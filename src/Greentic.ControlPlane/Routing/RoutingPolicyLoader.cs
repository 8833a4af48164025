using System.Security.Cryptography;
using System.Text;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Greentic.ControlPlane.Routing;

/// <summary>A policy file's name (as shown in errors) and text.</summary>
public sealed record PolicyFile(string Path, string Content);

/// <summary>
/// Loads routing policy files. The schema (one YAML document per file, in the spirit of upstream
/// <c>bindings.yaml</c>):
/// <code>
/// version: 1                     # required
/// tenant: acme                   # optional: every rule here is for this tenant; a rule may not name another
/// defaults:                      # optional: fills in what a rule's binding leaves out
///   timeout: 10s
///   retry:   { max_attempts: 3, base_delay: 200ms, max_delay: 5s }
///   breaker: { failure_ratio: 0.5, min_throughput: 10, break_duration: 30s, sampling_duration: 30s }
///   secrets: [messaging/*]
/// rules:                         # required (may be empty)
///   - name: telegram-send        # required, unique across all files
///     description: optional text
///     match:                     # each field optional; absent or "*" = any
///       tenant: acme             # identifier (only in files without a file-level tenant, or equal to it)
///       team: support
///       user: alice@example.com
///       env: prod
///       cloud: aws               # aws | gcp | azure | hetzner | local | other
///       capability: messaging
///       provider_type: messaging.telegram.bot
///       op: send_payload
///     binding:
///       transport: sidecar       # inproc | sidecar | remote
///       target: unix:///run/greentic/telegram.sock
///       timeout: 5s              # default 30s; at most 10m
///       retry: { max_attempts: 5, base_delay: 500ms, max_delay: 30s }   # default: 1 attempt (no retry)
///       breaker: { failure_ratio: 0.5, min_throughput: 10, break_duration: 30s }  # default: none; "off" disables a default
///       secrets: [messaging/telegram_bot_token]   # allow-list: category/name, category/*, or *; default none
/// </code>
/// Targets: inproc → a provider name (<c>messaging.telegram.bot</c>); sidecar → <c>unix:///abs/path</c> or
/// <c>http(s)://</c> a loopback address with a port; remote → <c>https://host[:port]</c> (TLS required).
/// Durations: <c>250ms</c>, <c>5s</c>, <c>1.5s</c>, <c>2m</c>, <c>1h</c> or <c>hh:mm:ss</c>.
/// <para><b>Precedence.</b> A call is served by the matching rule with the most non-wildcard match fields
/// (all eight fields count the same). Two rules with the same count that some call could match both — on
/// every field one is a wildcard or both are equal — are refused at load time, naming both rules, so no
/// answer ever depends on file or rule order. Unknown keys are errors (a misspelt match field must not
/// silently become a wildcard). Every error names file, line, column and field.</para>
/// </summary>
public static class RoutingPolicyLoader
{
    public const int MaxFileBytes = 1024 * 1024;
    public const int MaxRules = 10_000;

    /// <summary>Loads every <c>*.yaml</c> / <c>*.yml</c> file under <paramref name="directory"/> (recursively).</summary>
    /// <exception cref="RoutingPolicyException">Any file is invalid, or the files conflict.</exception>
    public static RoutingPolicy LoadDirectory(string directory, DateTimeOffset now)
    {
        if (!Directory.Exists(directory))
        {
            throw new RoutingPolicyException([new PolicyError(directory, 0, 0, "(directory)", "the routing policy directory does not exist")]);
        }
        var files = new List<PolicyFile>();
        var errors = new List<PolicyError>();
        List<string> paths;
        try
        {
            paths = EnumeratePolicyFiles(directory).ToList();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Security.SecurityException)
        {
            throw new RoutingPolicyException([new PolicyError(directory, 0, 0, "(directory)", $"cannot be listed: {ex.Message}")]);
        }
        foreach (var path in paths)
        {
            var relative = Path.GetRelativePath(directory, path);
            try
            {
                var info = new FileInfo(path);
                if (info.Length > MaxFileBytes)
                {
                    errors.Add(new PolicyError(relative, 0, 0, "(file)", $"larger than {MaxFileBytes} bytes"));
                    continue;
                }
                files.Add(new PolicyFile(relative, File.ReadAllText(path)));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                errors.Add(new PolicyError(relative, 0, 0, "(file)", $"cannot be read: {ex.Message}"));
            }
        }
        if (errors.Count > 0) throw new RoutingPolicyException(errors);
        return Load(files, now);
    }

    internal static IEnumerable<string> EnumeratePolicyFiles(string directory) =>
        Directory.EnumerateFiles(directory, "*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = false, AttributesToSkip = FileAttributes.Hidden })
            .Where(p => p.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || p.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
            .Where(p => !Path.GetFileName(p).StartsWith('.'))
            .Order(StringComparer.Ordinal);

    /// <exception cref="RoutingPolicyException">Any file is invalid, or the files conflict.</exception>
    public static RoutingPolicy Load(IReadOnlyList<PolicyFile> files, DateTimeOffset now)
    {
        var errors = new List<PolicyError>();
        var rules = new List<RouteRule>();
        foreach (var file in files.OrderBy(f => f.Path, StringComparer.Ordinal))
        {
            rules.AddRange(new PolicyFileParser(file.Path, errors).Parse(file.Content));
        }
        if (rules.Count > MaxRules)
        {
            errors.Add(new PolicyError("(all files)", 0, 0, "rules", $"{rules.Count} rules; at most {MaxRules} are allowed"));
        }
        if (errors.Count == 0)
        {
            CheckConflicts(rules, errors);
        }
        if (errors.Count > 0)
        {
            throw new RoutingPolicyException(errors);
        }
        return new RoutingPolicy(rules, files.Select(f => f.Path).Order(StringComparer.Ordinal).ToList(), ComputeVersion(files), now);
    }

    private static void CheckConflicts(List<RouteRule> rules, List<PolicyError> errors)
    {
        var byName = new Dictionary<string, RouteRule>(StringComparer.Ordinal);
        foreach (var rule in rules)
        {
            if (byName.TryGetValue(rule.Name, out var first))
            {
                errors.Add(new PolicyError(rule.Source.File, rule.Source.Line, 1, "name",
                    $"rule name '{rule.Name}' is already used at {first.Source.File}:{first.Source.Line}"));
            }
            else
            {
                byName[rule.Name] = rule;
            }
        }
        foreach (var bucket in rules.GroupBy(r => r.Specificity))
        {
            var list = bucket.ToList();
            for (var i = 0; i < list.Count; i++)
            {
                for (var j = i + 1; j < list.Count; j++)
                {
                    if (list[i].Match.Overlaps(list[j].Match))
                    {
                        var (a, b) = (list[i], list[j]);
                        errors.Add(new PolicyError(b.Source.File, b.Source.Line, 1, "match",
                            $"rule '{b.Name}' ({b.Match}) and rule '{a.Name}' at {a.Source.File}:{a.Source.Line} ({a.Match}) " +
                            $"are equally specific ({b.Specificity} fields) and can match the same call; make one more specific or make them disjoint"));
                    }
                }
            }
        }
    }

    private static string ComputeVersion(IReadOnlyList<PolicyFile> files)
    {
        if (files.Count == 0) return "empty";
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var f in files.OrderBy(f => f.Path, StringComparer.Ordinal))
        {
            hash.AppendData(Encoding.UTF8.GetBytes(f.Path));
            hash.AppendData([0]);
            hash.AppendData(Encoding.UTF8.GetBytes(f.Content));
            hash.AppendData([0]);
        }
        return "sha256:" + Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
