using System.Text;
using System.Text.Json.Nodes;

namespace Greentic.Conformance;

/// <summary>The outcome of a conformance run: every check with its verdict and evidence. Certified when none failed.</summary>
public sealed record Certificate(string Target, string ProviderType, string Form, IReadOnlyList<CheckResult> Checks)
{
    public bool Certified => Checks.All(c => c.Verdict != Verdict.Fail);

    public int Count(Verdict verdict) => Checks.Count(c => c.Verdict == verdict);

    /// <summary>The table printed by <c>greentic conformance</c>.</summary>
    public string ToText()
    {
        var text = new StringBuilder();
        text.AppendLine($"Greentic provider conformance: '{ProviderType}' at {Target} ({Form})");
        text.AppendLine();
        var idWidth = Math.Max("check".Length, Checks.Max(c => c.Id.Length));
        text.AppendLine($"{"check".PadRight(idWidth)}  result  evidence");
        text.AppendLine($"{new string('-', idWidth)}  ------  --------");
        foreach (var c in Checks)
            text.AppendLine($"{c.Id.PadRight(idWidth)}  {Name(c.Verdict),-6}  {c.Evidence}");
        text.AppendLine();
        text.AppendLine($"{Checks.Count} checks: {Count(Verdict.Pass)} pass, {Count(Verdict.Fail)} fail, {Count(Verdict.NotApplicable)} n/a — " +
            (Certified ? "CERTIFIED" : "NOT CERTIFIED"));
        return text.ToString();
    }

    public JsonObject ToJson() => new()
    {
        ["target"] = Target,
        ["provider_type"] = ProviderType,
        ["form"] = Form,
        ["certified"] = Certified,
        ["checks"] = new JsonArray(Checks.Select(c => (JsonNode)new JsonObject
        {
            ["id"] = c.Id,
            ["title"] = c.Title,
            ["result"] = Name(c.Verdict),
            ["evidence"] = c.Evidence,
        }).ToArray()),
    };

    public static string Name(Verdict verdict) => verdict switch
    {
        Verdict.Pass => "pass",
        Verdict.Fail => "FAIL",
        _ => "n/a",
    };
}
