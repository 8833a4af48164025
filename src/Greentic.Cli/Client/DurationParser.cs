using System.Globalization;

namespace Greentic.Cli.Client;

/// <summary>Durations on the command line: <c>500ms</c>, <c>10s</c>, <c>1.5s</c>, <c>2m</c>, <c>1h</c>.</summary>
internal static class DurationParser
{
    private static readonly (string Unit, double Milliseconds)[] Units = [("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000)];

    public static TimeSpan Parse(string text, string optionName)
    {
        var trimmed = text.Trim();
        foreach (var (unit, scale) in Units)
        {
            if (!trimmed.EndsWith(unit, StringComparison.Ordinal) || (unit == "s" && trimmed.EndsWith("ms", StringComparison.Ordinal)))
                continue;
            if (double.TryParse(trimmed[..^unit.Length], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var n)
                && n > 0 && n * scale <= TimeSpan.FromDays(1).TotalMilliseconds)
                return TimeSpan.FromMilliseconds(n * scale);
            break;
        }
        throw new UsageException($"{optionName} '{text}' is not a duration: use e.g. 500ms, 10s, 2m (more than 0, at most 24h)");
    }
}
