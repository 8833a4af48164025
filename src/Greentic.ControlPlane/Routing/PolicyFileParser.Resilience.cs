using Greentic.ControlPlane.Tenancy;
using System.Globalization;
using System.Net;
using Greentic.ControlPlane.Auth;
using Greentic.ControlPlane.Secrets;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Greentic.ControlPlane.Routing;

/// <summary>A binding's retry and breaker: parsed from the rule and the file's defaults, then merged over <see cref="ResilienceDefaults"/>.</summary>
internal sealed partial class PolicyFileParser
{
    private PartialRetry? ParseRetry(YamlMappingNode parent, string path)
    {
        if (!Child(parent, "retry", out var node)) return null;
        if (node is not YamlMappingNode map)
        {
            Error(node, path, "must be a mapping: { max_attempts, base_delay, max_delay }");
            return null;
        }
        CheckKeys(map, RetryKeys, path);
        return new PartialRetry(
            Integer(map, "max_attempts", $"{path}.max_attempts", 1, 10),
            Duration(map, "base_delay", $"{path}.base_delay", TimeSpan.FromMilliseconds(1), TimeSpan.FromMinutes(1)),
            Duration(map, "max_delay", $"{path}.max_delay", TimeSpan.FromMilliseconds(1), TimeSpan.FromMinutes(5)));
    }

    private RetrySettings? MergeRetry(PartialRetry? rule, PartialRetry? defaults, YamlMappingNode binding, string path)
    {
        var builtin = ResilienceDefaults.Retry;
        var result = new RetrySettings(
            rule?.MaxAttempts ?? defaults?.MaxAttempts ?? builtin.MaxAttempts,
            rule?.BaseDelay ?? defaults?.BaseDelay ?? builtin.BaseDelay,
            rule?.MaxDelay ?? defaults?.MaxDelay ?? builtin.MaxDelay);
        if (result.MaxDelay < result.BaseDelay)
        {
            Child(binding, "retry", out var node);
            Error(node ?? binding, $"{path}.max_delay", $"max_delay ({result.MaxDelay.TotalMilliseconds}ms) is below base_delay ({result.BaseDelay.TotalMilliseconds}ms)");
            return null;
        }
        return result;
    }

    private PartialBreaker? ParseBreaker(YamlMappingNode parent, string path)
    {
        if (!Child(parent, "breaker", out var node)) return null;
        if (node is YamlScalarNode { Value: "off" or "false" or "none" }) return new PartialBreaker(true, null, null, null, null);
        if (node is not YamlMappingNode map)
        {
            Error(node, path, "must be a mapping { failure_ratio, min_throughput, break_duration, sampling_duration } or 'off'");
            return null;
        }
        CheckKeys(map, BreakerKeys, path);
        double? ratio = null;
        if (Scalar(map, "failure_ratio", $"{path}.failure_ratio") is { } ratioNode)
        {
            if (double.TryParse(ratioNode.Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var r) && r > 0 && r <= 1)
                ratio = r;
            else
                Error(ratioNode, $"{path}.failure_ratio", "must be a number in (0, 1], e.g. 0.5");
        }
        return new PartialBreaker(false, ratio,
            Integer(map, "min_throughput", $"{path}.min_throughput", 2, 1_000_000),
            Duration(map, "break_duration", $"{path}.break_duration", TimeSpan.FromMilliseconds(500), TimeSpan.FromDays(1)),
            Duration(map, "sampling_duration", $"{path}.sampling_duration", TimeSpan.FromMilliseconds(500), TimeSpan.FromDays(1)));
    }

    private static BreakerSettings? MergeBreaker(PartialBreaker? rule, PartialBreaker? defaults)
    {
        if (rule?.Off == true) return null;
        if (rule is null && (defaults is null || defaults.Off)) return null;
        return new BreakerSettings(
            rule?.FailureRatio ?? defaults?.FailureRatio ?? ResilienceDefaults.Breaker.FailureRatio,
            rule?.MinThroughput ?? defaults?.MinThroughput ?? ResilienceDefaults.Breaker.MinThroughput,
            rule?.BreakDuration ?? defaults?.BreakDuration ?? ResilienceDefaults.Breaker.BreakDuration,
            rule?.SamplingDuration ?? defaults?.SamplingDuration ?? ResilienceDefaults.Breaker.SamplingDuration);
    }
}
