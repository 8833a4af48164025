namespace Greentic.Cli.Up;

/// <summary>
/// How much a control plane started by the CLI logs — the one place these levels live. Quiet by default: Greentic's own
/// events (policy reloads, sidecar restarts, refusals: at most one line per call) and warnings and errors from the rest,
/// one line each; no per-request lines from ASP.NET Core or gRPC, no health-probe lines. <c>--verbose</c> shows
/// everything at Information. <c>Logging:*</c> in appsettings.json or <c>Logging__LogLevel__*</c> in the environment
/// still win.
/// </summary>
internal static class LogLevels
{
    public static IEnumerable<KeyValuePair<string, string?>> ControlPlane(bool verbose)
    {
        yield return new("Logging:Console:FormatterName", "simple");
        yield return new("Logging:Console:FormatterOptions:SingleLine", "true");
        yield return new("Logging:LogLevel:Default", "Information");
        if (verbose) yield break;
        yield return new("Logging:LogLevel:Microsoft", "Warning");
        yield return new("Logging:LogLevel:Grpc", "Warning");
        yield return new("Logging:LogLevel:Polly", "Warning");
        // Unhealthy checks show in 'greentic status'; the supervisor logs each restart itself.
        yield return new("Logging:LogLevel:Microsoft.Extensions.Diagnostics.HealthChecks", "Critical");
        // A failed start is reported by the command in one sentence, not as a stack trace.
        yield return new("Logging:LogLevel:Microsoft.Extensions.Hosting.Internal.Host", "Critical");
    }

    /// <summary>Environment of a supervised sidecar: warnings only, unless verbose.</summary>
    public static IEnumerable<KeyValuePair<string, string>> Sidecar(bool verbose)
    {
        yield return new("Logging__LogLevel__Default", verbose ? "Information" : "Warning");
        yield return new("Logging__Console__FormatterName", "simple");
        yield return new("Logging__Console__FormatterOptions__SingleLine", "true");
    }
}
