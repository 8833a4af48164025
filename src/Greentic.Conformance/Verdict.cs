namespace Greentic.Conformance;

public enum Verdict
{
    Pass,
    Fail,
    /// <summary>Not applicable: the target lacks what the check needs (an op of the conformance set, callbacks); never a pass.</summary>
    NotApplicable,
}

/// <summary>One row of the certificate: which check, its verdict, and what was seen.</summary>
public sealed record CheckResult(string Id, string Title, Verdict Verdict, string Evidence)
{
    public static CheckResult Pass(string evidence) => new("", "", Verdict.Pass, evidence);
    public static CheckResult Fail(string evidence) => new("", "", Verdict.Fail, evidence);
    public static CheckResult NotApplicable(string reason) => new("", "", Verdict.NotApplicable, reason);
}
