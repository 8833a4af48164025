using Greentic.ComponentHost;

namespace Greentic.Sidecar.Host.Components;

/// <summary>
/// One component this sidecar serves: its provider type, how failures name it, and the loaded component — or the
/// <see cref="ComponentException"/> its load ended with (an unsatisfied import, say), which every call then answers
/// with, exactly as a control plane running it in process would.
/// </summary>
internal sealed record HostedComponent(string ProviderType, string DescribedAs, ProviderComponent? Component, ComponentException? LoadFailure);
