namespace Greentic.Conformance.Checks;

/// <summary>Every check, in the order they run and appear on the certificate (the deadline check, the slowest, last).</summary>
internal static class CheckList
{
    public static IReadOnlyList<ConformanceCheck> All { get; } =
    [
        new DescribeCheck(),
        new ValidateConfigCheck(),
        new HealthcheckCheck(),
        new InvokeCheck(),
        new NodeErrorCheck(),
        new UnknownProviderCheck(),
        new UnknownOpCheck(),
        new MalformedInputCheck(),
        new OversizedInputCheck(),
        new IdempotencyCheck(),
        new RetryHintCheck(),
        new TelemetryCheck(),
        new TenancyStateCheck(),
        new TenancySecretsCheck(),
        new SecretsAllowListCheck(),
        new DeadlineCheck(),
    ];
}
