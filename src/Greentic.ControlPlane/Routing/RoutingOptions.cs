using Microsoft.Extensions.Options;

namespace Greentic.ControlPlane.Routing;

/// <summary>Bound from <c>Greentic:Routing</c>.</summary>
public sealed class RoutingOptions
{
    public const string SectionName = "Greentic:Routing";

    /// <summary>The directory of policy files (<c>*.yaml</c>, <c>*.yml</c>, searched recursively). Unset: no rules.</summary>
    public string? Directory { get; set; }

    /// <summary>Watch the directory with FileSystemWatcher (polling runs regardless, as the fallback).</summary>
    public bool Watch { get; set; } = true;

    /// <summary>How often the directory is checked for changes the watcher missed.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long to wait after a change event before reloading, so an editor's several writes become one reload.</summary>
    public TimeSpan Debounce { get; set; } = TimeSpan.FromMilliseconds(250);
}

internal sealed class RoutingOptionsValidator : IValidateOptions<RoutingOptions>
{
    public ValidateOptionsResult Validate(string? name, RoutingOptions o)
    {
        if (o.PollInterval < TimeSpan.FromMilliseconds(50) || o.Debounce < TimeSpan.Zero || o.Debounce > TimeSpan.FromMinutes(1))
            return ValidateOptionsResult.Fail($"{RoutingOptions.SectionName}: PollInterval must be at least 50ms and Debounce between 0 and 1m");
        return ValidateOptionsResult.Success;
    }
}
