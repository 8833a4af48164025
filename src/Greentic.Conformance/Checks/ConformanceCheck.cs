using Greentic.Conformance.Harness;

namespace Greentic.Conformance.Checks;

/// <summary>
/// One check of the suite. The suite decides n/a before running it: when the provider's describe lacks an op in
/// <see cref="Ops"/>, or the check needs the provider's callbacks and they cannot reach the suite.
/// </summary>
/// <param name="id">The row name in the certificate, e.g. <c>tenancy-state</c>.</param>
/// <param name="title">What the check establishes, in one line.</param>
/// <param name="ops">Ops of the conformance set the check calls (<see cref="ConformanceOps"/>).</param>
/// <param name="needsCallbacks">Whether the check needs the provider to call back into the suite's control plane.</param>
internal abstract class ConformanceCheck(string id, string title, IReadOnlyList<string>? ops = null, bool needsCallbacks = false)
{
    public string Id => id;
    public string Title => title;
    public IReadOnlyList<string> Ops => ops ?? [];
    public bool NeedsCallbacks => needsCallbacks;

    public abstract Task<CheckResult> RunAsync(SuiteSession session, CancellationToken cancellationToken);
}
