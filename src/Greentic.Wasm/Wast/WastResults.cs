namespace Greentic.Wasm.Wast;

/// <summary>Outcome of one script command.</summary>
public sealed record WastCommandResult(int Line, string Type, bool Passed, string? Message);

/// <summary>Outcome of one script (.json produced by wast2json, or a .wast converted on the fly).</summary>
public sealed class WastFileResult
{
    public WastFileResult(string name) => Name = name;

    public string Name { get; }
    public int Total { get; set; }
    public int Passed { get; set; }
    public int Failed => Total - Passed;

    /// <summary><c>assert_malformed</c> commands on text (.wat) modules. This engine accepts only the binary
    /// format, so a text module can never be accepted by it: these are counted as passed, and reported here
    /// separately so nobody mistakes them for checks of the binary decoder.</summary>
    public int TextMalformedCountedAsPassed { get; set; }

    public List<WastCommandResult> Failures { get; } = new();
    public Dictionary<string, (int Passed, int Total)> ByType { get; } = new();
    public TimeSpan Elapsed { get; set; }

    /// <summary>Set when the script itself could not be run (conversion failed, bad JSON).</summary>
    public string? Error { get; set; }

    internal void Record(WastCommandResult r)
    {
        Total++;
        if (r.Passed) Passed++;
        else Failures.Add(r);
        var (p, t) = ByType.GetValueOrDefault(r.Type);
        ByType[r.Type] = (p + (r.Passed ? 1 : 0), t + 1);
    }
}
