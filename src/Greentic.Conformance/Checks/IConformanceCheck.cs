using Greentic.Conformance.Harness;

namespace Greentic.Conformance.Checks;

/// <summary>
/// One check of the suite. The suite decides n/a before running it: when the provider's describe lacks an op in
/// <see cref="Ops"/>, or the check needs the provider's callbacks and they cannot reach the suite.
/// </summary>
internal interface IConformanceCheck
{
    /// <summary>The row name in the certificate, e.g. <c>tenancy-state</c>.</summary>
    string Id { get; }

    /// <summary>What the check establishes, in one line.</summary>
    string Title { get; }

    /// <summary>Ops of the conformance set the check calls (<see cref="ConformanceOps"/>).</summary>
    IReadOnlyList<string> Ops { get; }

    /// <summary>Whether the check needs the provider to call back into the suite's control plane.</summary>
    bool NeedsCallbacks { get; }

    Task<CheckResult> RunAsync(SuiteSession session, CancellationToken cancellationToken);
}
