using System.Globalization;

namespace Greentic.ControlPlane.Routing;

/// <summary>Durations as policy files write them: <c>250ms</c>, <c>5s</c>, <c>1.5s</c>, <c>2m</c>, <c>1h</c>, or <c>hh:mm:ss</c>.</summary>
internal static class Durations
{
    public static bool TryParse(string text, out TimeSpan value)
    {
        value = default;
        text = text.Trim();
        (string unit, double scale)[] units = [("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000)];
        foreach (var (unit, scale) in units)
        {
            if (text.EndsWith(unit, StringComparison.Ordinal) && !(unit == "s" && text.EndsWith("ms", StringComparison.Ordinal)))
            {
                var number = text[..^unit.Length];
                if (double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var n)
                    && n * scale < TimeSpan.MaxValue.TotalMilliseconds)
                {
                    value = TimeSpan.FromMilliseconds(n * scale);
                    return true;
                }
                return false;
            }
        }
        return text.Contains(':') && TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out value) && value >= TimeSpan.Zero;
    }
}
