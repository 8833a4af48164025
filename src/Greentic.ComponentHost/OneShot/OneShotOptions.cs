using Microsoft.Extensions.Logging;

namespace Greentic.ComponentHost;

/// <summary>
/// One invocation of a component file for provider developers (<c>greentic provider invoke|describe</c>). The raw
/// command-line strings go in as they are: <see cref="OneShotInvocation"/> validates them and answers exit code 2 with
/// a message on a usage error.
/// </summary>
public sealed record OneShotOptions
{
    /// <summary>The component file (<c>COMPONENT.wasm</c>).</summary>
    public required string ComponentPath { get; init; }
    public OneShotCall Call { get; init; } = OneShotCall.Invoke;
    /// <summary>The op for <see cref="OneShotCall.Invoke"/>.</summary>
    public string? Operation { get; init; }
    /// <summary>Input JSON, or <c>@FILE</c>; empty means <c>{}</c>.</summary>
    public string? Input { get; init; }
    /// <summary>Config JSON, or <c>@FILE</c>: merged into the input as its <c>config</c> field (upstream providers read
    /// <c>input.config</c>); for <see cref="OneShotCall.ValidateConfig"/> it is the config validated.</summary>
    public string? Config { get; init; }
    /// <summary><c>NAME=VALUE</c> entries (<c>--secret</c>), the only secrets the component can read.</summary>
    public IReadOnlyList<string> Secrets { get; init; } = [];
    /// <summary><c>HOST:PORT</c> entries (<c>--allow-egress</c>); everything else is refused.</summary>
    public IReadOnlyList<string> AllowEgress { get; init; } = [];
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(5);
    /// <summary>Where compiled components are cached between runs (null: none).</summary>
    public string? CacheDirectory { get; init; }
    public ILoggerFactory? LoggerFactory { get; init; }

    /// <summary>Parses <c>--timeout</c> values such as <c>500ms</c>, <c>5s</c>, <c>2m</c> (a bare number is seconds).</summary>
    public static bool TryParseTimeout(string text, out TimeSpan timeout)
    {
        timeout = default;
        var (number, unit) = text.EndsWith("ms", StringComparison.Ordinal) ? (text[..^2], 0.001)
            : text.EndsWith('s') ? (text[..^1], 1.0)
            : text.EndsWith('m') ? (text[..^1], 60.0)
            : (text, 1.0);
        if (!double.TryParse(number, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value)
            || value <= 0 || value * unit > 3600) return false;
        timeout = TimeSpan.FromSeconds(value * unit);
        return true;
    }
}

public enum OneShotCall { Invoke, Describe, Healthcheck, ValidateConfig }

/// <summary>What the command prints and exits with: 0 when the component answered (even <c>{"ok":false…}</c>),
/// 1 on a trap, timeout or host error, 2 on a usage error.</summary>
public sealed record OneShotResult(int ExitCode, string? OutputJson, ComponentErrorKind? ErrorKind, string? ErrorMessage)
{
    public const int Answered = 0;
    public const int Failed = 1;
    public const int UsageError = 2;
}
