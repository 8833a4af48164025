using System.Diagnostics;
using System.Globalization;

namespace Greentic.Components.Bench;

/// <summary>Closed-loop latency of one call at a time: every call timed, percentiles over all of them.</summary>
internal sealed record Latency(string Name, double[] Microseconds, int Errors)
{
    public static async Task<Latency> MeasureAsync(string name, TimeSpan duration, Func<Task> call)
    {
        var samples = new List<double>(100_000);
        var errors = 0;
        var until = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < until)
        {
            var started = Stopwatch.GetTimestamp();
            try { await call(); }
            catch (Exception) { errors++; continue; }
            samples.Add(Stopwatch.GetElapsedTime(started).TotalMicroseconds);
        }
        var sorted = samples.ToArray();
        Array.Sort(sorted);
        return new Latency(name, sorted, errors);
    }

    public double Percentile(double p) => Microseconds.Length == 0 ? double.NaN : Microseconds[Math.Min(Microseconds.Length - 1, (int)(p / 100 * Microseconds.Length))];

    public string Row(int round) => string.Create(CultureInfo.InvariantCulture,
        $"| {round} | {Name} | {Microseconds.Length} | {Errors} | {Percentile(50):0} | {Percentile(99):0} |");
}
