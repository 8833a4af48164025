namespace Greentic.ControlPlane.Bench;

/// <summary>Latencies of one measured run, and what follows from them.</summary>
internal sealed record LoadResult(string Name, long[] LatencyTicks, TimeSpan Elapsed, int Errors)
{
    public double CallsPerSecond => LatencyTicks.Length / Elapsed.TotalSeconds;

    public double PercentileMicroseconds(double p)
    {
        if (LatencyTicks.Length == 0) return double.NaN;
        var index = (int)Math.Ceiling(p / 100 * LatencyTicks.Length) - 1;
        return LatencyTicks[Math.Clamp(index, 0, LatencyTicks.Length - 1)] * 1_000_000.0 / System.Diagnostics.Stopwatch.Frequency;
    }
}
