namespace Greentic.ControlPlane.Routing;

/// <summary>One problem in a policy file: where it is and what to change.</summary>
public sealed record PolicyError(string File, int Line, int Column, string Field, string Message)
{
    public override string ToString() =>
        Line > 0 ? $"{File}:{Line}:{Column}: {Field}: {Message}" : $"{File}: {Field}: {Message}";
}

/// <summary>Thrown when policy files do not load; <see cref="Exception.Message"/> lists every error, one per line.</summary>
public sealed class RoutingPolicyException(IReadOnlyList<PolicyError> errors)
    : Exception(errors.Count == 1 ? errors[0].ToString() : $"{errors.Count} routing policy errors:\n" + string.Join("\n", errors))
{
    public IReadOnlyList<PolicyError> Errors { get; } = errors;
}
