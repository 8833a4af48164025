using Greentic.Types.V1;

namespace Greentic.Providers;

/// <summary>The four functions of <c>greentic:provider-schema-core/schema-core-api@1.0.0</c>.</summary>
public enum ProviderFunction
{
    Describe,
    ValidateConfig,
    Healthcheck,
    Invoke,
}

/// <summary>
/// One call of the provider contract in transport-neutral form: the four request shapes of
/// <c>ProviderService</c> as one record, so routing, transports and hosts have a single path for every function.
/// </summary>
/// <param name="Op">The invoke op; for the other functions their routing name (<see cref="OpName"/>).</param>
/// <param name="Json">The function's JSON argument: the config for ValidateConfig, the input for Invoke, empty otherwise.</param>
public sealed record ProviderCall(string ProviderType, ProviderFunction Function, string Op, ReadOnlyMemory<byte> Json, TenantCtx Ctx)
{
    /// <summary>The op a routing rule matches for a function other than Invoke.</summary>
    public static string OpName(ProviderFunction function) => function switch
    {
        ProviderFunction.Describe => "describe",
        ProviderFunction.ValidateConfig => "validate_config",
        ProviderFunction.Healthcheck => "healthcheck",
        _ => throw new ArgumentOutOfRangeException(nameof(function), function, "invoke has its own op"),
    };
}
