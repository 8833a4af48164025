using System.Diagnostics;

namespace Greentic.ControlPlane.Bench;

/// <summary>
/// CPU used by each process of the bench (this client, the control plane, the sidecar) over one run, per call: where a
/// call's time goes, and a figure that machine load distorts far less than latency or throughput do.
/// </summary>
internal sealed class CpuMeter(ChildProcess controlPlane, ChildProcess sidecar)
{
    public (TimeSpan Client, TimeSpan ControlPlane, TimeSpan Sidecar) Now() =>
        (Process.GetCurrentProcess().TotalProcessorTime, controlPlane.CpuTime, sidecar.CpuTime);

    public async Task<(LoadResult Result, CpuPerCall Cpu)> MeasureAsync(Func<Task<LoadResult>> run)
    {
        var before = Now();
        var result = await run();
        var after = Now();
        var calls = Math.Max(1, result.LatencyTicks.Length);
        double PerCall(TimeSpan a, TimeSpan b) => (a - b).TotalMicroseconds / calls;
        return (result, new CpuPerCall(PerCall(after.Client, before.Client), PerCall(after.ControlPlane, before.ControlPlane), PerCall(after.Sidecar, before.Sidecar)));
    }
}

/// <summary>CPU µs per call in each process.</summary>
internal sealed record CpuPerCall(double Client, double ControlPlane, double Sidecar);
