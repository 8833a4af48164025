using System.Collections.Frozen;

namespace Greentic.ControlPlane.Secrets;

/// <summary>
/// The secrets a binding may read or write, as <c>category/name</c> entries: <c>messaging/telegram_bot_token</c>
/// (one secret), <c>messaging/*</c> (a category) or <c>*</c> (every secret of the call's tenant scope).
/// Entries never name a tenant: the scope always comes from the call's tenant context. Empty denies all.
/// </summary>
public sealed class SecretsAllowList : IEquatable<SecretsAllowList>
{
    public static readonly SecretsAllowList None = new([]);
    public static readonly SecretsAllowList All = new(["*"]);

    private readonly FrozenSet<string> _exact;
    private readonly FrozenSet<string> _categories;
    private readonly bool _all;

    private SecretsAllowList(IReadOnlyList<string> entries)
    {
        Entries = entries;
        _all = entries.Contains("*");
        _categories = entries.Where(e => e.EndsWith("/*", StringComparison.Ordinal)).Select(e => e[..^2]).ToFrozenSet(StringComparer.Ordinal);
        _exact = entries.Where(e => e != "*" && !e.EndsWith("/*", StringComparison.Ordinal)).ToFrozenSet(StringComparer.Ordinal);
    }

    public IReadOnlyList<string> Entries { get; }

    public bool IsEmpty => Entries.Count == 0;

    public bool Allows(string category, string name) =>
        _all || _categories.Contains(category) || _exact.Contains($"{category}/{name}");

    /// <summary>Parses entries; returns null with an error naming the bad entry.</summary>
    public static SecretsAllowList? TryParse(IEnumerable<string> entries, out string? error)
    {
        error = null;
        var list = new List<string>();
        foreach (var entry in entries)
        {
            if (!IsValidEntry(entry))
            {
                error = $"'{entry}' is not a secret pattern: use 'category/name', 'category/*' or '*'";
                return null;
            }
            if (!list.Contains(entry)) list.Add(entry);
        }
        return new SecretsAllowList(list);
    }

    public static SecretsAllowList Parse(params string[] entries) =>
        TryParse(entries, out var error) ?? throw new ArgumentException(error);

    private static bool IsValidEntry(string entry)
    {
        if (entry == "*") return true;
        var slash = entry.IndexOf('/');
        if (slash <= 0 || slash != entry.LastIndexOf('/')) return false;
        var category = entry[..slash];
        var name = entry[(slash + 1)..];
        return SecretName.IsValidSegment(category) && (name == "*" || SecretName.IsValidSegment(name));
    }

    public override string ToString() => IsEmpty ? "(none)" : string.Join(", ", Entries);

    /// <summary>Equal when they allow the same entries, so equal bindings (and their transports) survive a policy reload.</summary>
    public bool Equals(SecretsAllowList? other) =>
        other is not null && (_all == other._all && _exact.SetEquals(other._exact) && _categories.SetEquals(other._categories));

    public override bool Equals(object? obj) => Equals(obj as SecretsAllowList);

    public override int GetHashCode() => _all ? 1 : _exact.Count * 31 + _categories.Count;
}
