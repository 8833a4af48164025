using System.Diagnostics;

namespace Greentic.Sidecar.Host;

/// <summary>
/// Continues the caller's W3C trace context: ASP.NET Core creates the request's activity, parented by the incoming
/// <c>traceparent</c>, only when something listens to its activity source. This listener makes it do so (recording
/// nothing), so provider code and this sidecar's logs run inside the control plane's trace.
/// </summary>
internal static class SidecarTracing
{
    private const string AspNetCoreSource = "Microsoft.AspNetCore";

    public static ActivityListener Start()
    {
        var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == AspNetCoreSource,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.PropagationData,
        };
        ActivitySource.AddActivityListener(listener);
        return listener;
    }
}
