using System.Text;

namespace Greentic.TestSupport;

/// <summary>
/// Broken versions of a good configuration file, for loader fuzzing: every truncation (each prefix, by character), then
/// seeded random mutations — a character deleted, replaced or inserted from the characters that matter to YAML and JSON,
/// a slice duplicated or dropped, two lines swapped, a line's indentation changed — one to three at a time. The same
/// seed gives the same cases, so a failure names a case that can be replayed.
/// </summary>
public static class ConfigFuzzer
{
    private const string Palette = "{}[]:,-'\"\n\t #&*!|>%@`\\?=~ \u00e9\0";

    public static IEnumerable<(string Name, string Text)> Cases(string sample, int mutations, int seed = 20261206)
    {
        for (var length = 0; length < sample.Length; length++)
            yield return ($"truncated at {length}", sample[..length]);
        var random = new Random(seed);
        for (var i = 0; i < mutations; i++)
        {
            var text = sample;
            var steps = 1 + random.Next(3);
            for (var s = 0; s < steps; s++) text = Mutate(text, random);
            yield return ($"mutation {i} (seed {seed})", text);
        }
    }

    private static string Mutate(string text, Random random)
    {
        if (text.Length == 0) return Palette[random.Next(Palette.Length)].ToString();
        var at = random.Next(text.Length);
        switch (random.Next(7))
        {
            case 0:
                return text.Remove(at, 1);
            case 1:
                return text[..at] + Palette[random.Next(Palette.Length)] + text[(at + 1)..];
            case 2:
                return text.Insert(at, Palette[random.Next(Palette.Length)].ToString());
            case 3:
            {
                var length = Math.Min(text.Length - at, 1 + random.Next(40));
                return text.Insert(at, text.Substring(at, length));
            }
            case 4:
                return text.Remove(at, Math.Min(text.Length - at, 1 + random.Next(40)));
            case 5:
            {
                var lines = text.Split('\n');
                if (lines.Length < 2) return text;
                var (a, b) = (random.Next(lines.Length), random.Next(lines.Length));
                (lines[a], lines[b]) = (lines[b], lines[a]);
                return string.Join('\n', lines);
            }
            default:
            {
                var lines = text.Split('\n');
                var line = random.Next(lines.Length);
                lines[line] = random.Next(2) == 0 ? "  " + lines[line] : lines[line].TrimStart();
                return string.Join('\n', lines);
            }
        }
    }
}

/// <summary>
/// Where fuzz tests say how many cases they ran: the test output, and — when the test command sets
/// <c>GREENTIC_FUZZ_REPORT</c> — one line appended to that file, which <c>scripts/test.sh</c> prints.
/// </summary>
public static class FuzzReport
{
    public const string Variable = "GREENTIC_FUZZ_REPORT";

    public static string Record(string loader, int cases, int loaded, int refused)
    {
        var line = $"{loader}: {cases} fuzz cases, none crashed ({loaded} loaded, {refused} refused with a located error)";
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } path)
        {
            lock (typeof(FuzzReport)) File.AppendAllText(path, line + "\n", Encoding.UTF8);
        }
        return line;
    }
}
