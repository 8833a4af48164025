using Greentic.Providers;

namespace Greentic.Conformance.Tests.ThreeForms;

/// <summary>One provider call of a corpus case: the function, its op (for invoke), its JSON argument and its deadline.</summary>
public sealed record FormStep(ProviderFunction Function, string Op, string Json, TimeSpan? Deadline = null)
{
    public static FormStep Invoke(string op, string json, TimeSpan? deadline = null) => new(ProviderFunction.Invoke, op, json, deadline);
    public static readonly FormStep Describe = new(ProviderFunction.Describe, "", "");
    public static readonly FormStep Healthcheck = new(ProviderFunction.Healthcheck, "", "");
    public static FormStep ValidateConfig(string json) => new(ProviderFunction.ValidateConfig, "", json);

    public override string ToString() => Function == ProviderFunction.Invoke ? $"invoke {Op} {Json}" : $"{Function} {Json}".TrimEnd();
}

/// <summary>A case of the corpus: steps run in order, in each form, against one provider type.</summary>
public sealed record FormCase(string Name, string ProviderType, params FormStep[] Steps);
