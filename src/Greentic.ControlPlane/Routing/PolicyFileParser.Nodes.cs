using Greentic.ControlPlane.Tenancy;
using System.Globalization;
using System.Net;
using Greentic.ControlPlane.Auth;
using Greentic.ControlPlane.Secrets;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Greentic.ControlPlane.Routing;

/// <summary>Reading YAML nodes as this file spells them, and reporting what is wrong with them (field path, line, a suggestion).</summary>
internal sealed partial class PolicyFileParser
{
    private TimeSpan? Duration(YamlMappingNode map, string key, string path, TimeSpan min, TimeSpan max)
    {
        if (Scalar(map, key, path) is not { } node) return null;
        if (!Durations.TryParse(node.Value ?? "", out var value))
        {
            Error(node, path, $"'{TenantContext.Sanitize(node.Value ?? "")}' is not a duration; write e.g. 250ms, 5s, 2m (a unit is required)");
            return null;
        }
        if (value < min || value > max)
        {
            Error(node, path, $"must be between {Show(min)} and {Show(max)}");
            return null;
        }
        return value;
    }

    private int? Integer(YamlMappingNode map, string key, string path, int min, int max)
    {
        if (Scalar(map, key, path) is not { } node) return null;
        if (!int.TryParse(node.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            Error(node, path, $"must be a whole number from {min} to {max}");
            return null;
        }
        return value;
    }

    private static string Show(TimeSpan t) => t.TotalMilliseconds < 1000 ? $"{t.TotalMilliseconds}ms" : t.TotalSeconds < 60 ? $"{t.TotalSeconds}s" : $"{t.TotalMinutes}m";

    private static bool IsName(string value) =>
        value.Length is > 0 and <= 256 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');

    private YamlScalarNode? Scalar(YamlMappingNode map, string key, string path)
    {
        if (!Child(map, key, out var node)) return null;
        if (node is YamlScalarNode scalar) return scalar;
        Error(node, path, "must be a single value, not a list or mapping");
        return null;
    }

    private bool Child(YamlMappingNode map, string key, out YamlNode node) => Find(map, Spell(key), out node);

    internal static bool Find(YamlMappingNode map, string key, out YamlNode node)
    {
        foreach (var (k, v) in map.Children)
        {
            if (k is YamlScalarNode { Value: { } name } && name == key)
            {
                node = v;
                return true;
            }
        }
        node = null!;
        return false;
    }

    private void CheckKeys(YamlMappingNode map, string[] snakeAllowed, string path)
    {
        var allowed = snakeAllowed.Select(Spell).ToArray();
        foreach (var key in map.Children.Keys)
        {
            var name = (key as YamlScalarNode)?.Value;
            if (name is null || !allowed.Contains(name))
            {
                // The unknown key is named as written; only the path to it is in this file's spelling.
                var parent = path.Length == 0 ? "" : FieldPath(path) + ".";
                var where = _resource ? "spec." + parent : parent;
                var hint = name is null ? "" : Suggest(name, allowed);
                AddError(key.Start, where + (name ?? "(key)"), $"unknown key; allowed here: {string.Join(", ", allowed)}{hint}");
            }
        }
    }

    private static string Suggest(string name, string[] allowed)
    {
        var best = allowed.Select(a => (a, d: Distance(name, a))).OrderBy(x => x.d).First();
        return best.d <= 2 ? $" (did you mean '{best.a}'?)" : "";
    }

    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
            for (var j = 1; j <= b.Length; j++)
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
        return d[a.Length, b.Length];
    }

    /// <summary>A key as this file spells it: snake_case in version-1 files, camelCase in resources.</summary>
    private string Spell(string snake) => _resource ? Camel(snake) : snake;

    internal static string Camel(string snake)
    {
        var parts = snake.Split('_');
        return parts[0] + string.Concat(parts.Skip(1).Select(p => p.Length == 0 ? p : char.ToUpperInvariant(p[0]) + p[1..]));
    }

    internal void Error(YamlNode? node, string field, string message) => Error(node?.Start, field, message);

    private void Error(Mark? mark, string field, string message) => AddError(mark, _resource ? "spec." + FieldPath(field) : field, message);

    private string FieldPath(string snakePath) => _resource ? string.Join('.', snakePath.Split('.').Select(Camel)) : snakePath;

    private void AddError(Mark? mark, string field, string message) =>
        errors.Add(new PolicyError(file, mark is { Line: > 0 } m ? (int)m.Line : 0, mark is { Line: > 0 } c ? (int)c.Column : 0, field, message));

    private static string Flatten(YamlException ex)
    {
        var message = ex.InnerException is { } inner && inner.Message != ex.Message ? $"{ex.Message} ({inner.Message})" : ex.Message;
        // YamlDotNet prefixes messages with its own "(Line: x, Col: y, ...)" — our error already carries the position.
        var close = message.IndexOf("): ", StringComparison.Ordinal);
        return message.StartsWith("(Line:", StringComparison.Ordinal) && close > 0 ? message[(close + 3)..] : message;
    }
}
