namespace Greentic.Wasm.Component;

/// <summary>A named parameter of a component function.</summary>
public sealed record ComponentParam(string Name, WitType Type);

/// <summary>The WIT signature of a component function: named parameters and at most one result.</summary>
public sealed class ComponentFuncType
{
    public ComponentFuncType(IEnumerable<ComponentParam> parameters, WitType? result)
    {
        Parameters = parameters.ToArray();
        Result = result;
    }

    public ComponentFuncType(WitType? result, params (string Name, WitType Type)[] parameters)
        : this(parameters.Select(p => new ComponentParam(p.Name, p.Type)), result)
    {
    }

    public IReadOnlyList<ComponentParam> Parameters { get; }
    public WitType? Result { get; }

    /// <summary>The parameters as one tuple: how they are laid out in memory when they do not fit flat.</summary>
    internal WitType ParamTuple => WitType.Tuple(Parameters.Select(p => p.Type).ToArray());

    public override string ToString() =>
        $"func({string.Join(", ", Parameters.Select(p => $"{p.Name}: {p.Type}"))}){(Result is null ? "" : " -> " + Result)}";
}
