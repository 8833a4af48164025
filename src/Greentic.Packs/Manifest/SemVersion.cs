using System.Text.RegularExpressions;

namespace Greentic.Packs.Manifest;

/// <summary>A Semantic Versioning 2.0.0 version, with precedence comparison (build metadata ignored).</summary>
public sealed partial record SemVersion(ulong Major, ulong Minor, ulong Patch, string? Prerelease, string? Build) : IComparable<SemVersion>
{
    [GeneratedRegex(@"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    public static bool TryParse(string? s, out SemVersion? version)
    {
        version = null;
        if (s is null || s.Length > 256) return false;
        var m = Pattern().Match(s);
        if (!m.Success) return false;
        if (!ulong.TryParse(m.Groups[1].Value, out var a) || !ulong.TryParse(m.Groups[2].Value, out var b) || !ulong.TryParse(m.Groups[3].Value, out var c)) return false;
        version = new SemVersion(a, b, c, m.Groups[4].Success ? m.Groups[4].Value : null, m.Groups[5].Success ? m.Groups[5].Value : null);
        return true;
    }

    public static SemVersion Parse(string s) =>
        TryParse(s, out var v) ? v! : throw new FormatException($"'{s}' is not a semantic version (MAJOR.MINOR.PATCH[-pre][+build])");

    public int CompareTo(SemVersion? other)
    {
        if (other is null) return 1;
        int c = Major.CompareTo(other.Major);
        if (c == 0) c = Minor.CompareTo(other.Minor);
        if (c == 0) c = Patch.CompareTo(other.Patch);
        if (c != 0) return c;
        if (Prerelease is null) return other.Prerelease is null ? 0 : 1;
        if (other.Prerelease is null) return -1;
        var x = Prerelease.Split('.');
        var y = other.Prerelease.Split('.');
        for (int i = 0; i < Math.Min(x.Length, y.Length); i++)
        {
            bool xn = ulong.TryParse(x[i], out var xv), yn = ulong.TryParse(y[i], out var yv);
            c = xn && yn ? xv.CompareTo(yv) : xn ? -1 : yn ? 1 : string.CompareOrdinal(x[i], y[i]);
            if (c != 0) return c;
        }
        return x.Length.CompareTo(y.Length);
    }

    public override string ToString() =>
        $"{Major}.{Minor}.{Patch}{(Prerelease is null ? "" : "-" + Prerelease)}{(Build is null ? "" : "+" + Build)}";
}
