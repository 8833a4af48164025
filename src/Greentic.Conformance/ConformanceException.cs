namespace Greentic.Conformance;

/// <summary>The run could not start: a usage error (<see cref="IsUsage"/>: exit 2) or a target that never answered (exit 1).</summary>
public sealed class ConformanceException(string message, bool isUsage = false, Exception? inner = null) : Exception(message, inner)
{
    public bool IsUsage { get; } = isUsage;
}
