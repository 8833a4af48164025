using System.Text.RegularExpressions;

namespace Greentic.ComponentHost.Internal;

/// <summary>
/// Turns what Wasmtime reports (a <c>WasmtimeException</c> whose message carries the trap kind) plus what the call
/// observed (deadline, cancellation, the guest's own allocation-failure report) into one <see cref="ComponentException"/>.
/// </summary>
internal static partial class FailureClassifier
{
    private const int MaxMessageChars = 2048;

    public static ComponentException Classify(Exception error, CallState call, string export, bool instantiating, ComponentLimits limits)
    {
        if (error is ComponentException known) return known;
        var message = error.Message;
        if (call.DeadlineReached)
            return new(ComponentErrorKind.DeadlineExceeded, $"{export}: the call ran past its deadline", export, error);
        if (call.Cancelled)
            return new(ComponentErrorKind.Cancelled, $"{export}: the call was cancelled", export, error);
        if (instantiating && UnsatisfiedImport(message) is { } import)
            return new(ComponentErrorKind.UnsatisfiedImport,
                $"the component imports {import}, which this host does not provide to it (not implemented, or not granted)",
                import, error);
        if (instantiating && IsInstantiationLimit(message))
            return new(ComponentErrorKind.ResourceExhausted, $"instantiation hit a limit: {Summary(message)}", export, error);
        if (message.Contains("all fuel consumed", StringComparison.Ordinal))
            return new(ComponentErrorKind.ResourceExhausted, $"{export}: the call used all its fuel", export, error);
        if (message.Contains("fuel allocated for hostcalls has been exhausted", StringComparison.Ordinal))
            return new(ComponentErrorKind.ResourceExhausted,
                $"{export}: too much data copied between host and guest in one call (Wasmtime's hostcall limit)", export, error);
        if (message.Contains("call stack exhausted", StringComparison.Ordinal))
            return new(ComponentErrorKind.ResourceExhausted, $"{export}: the wasm stack is exhausted (unbounded recursion?)", export, error);
        if (call.GuestReportedAllocationFailure)
            return new(ComponentErrorKind.ResourceExhausted,
                $"{export}: the guest could not allocate memory within the limit of {limits.MemoryBytes} bytes and aborted", export, error);
        return new(ComponentErrorKind.Trap, $"{export}: {Summary(message)}", export, error);
    }

    /// <summary>The cause chain of a Wasmtime error without its backtrace, e.g.
    /// "wasm trap: wasm `unreachable` instruction executed".</summary>
    internal static string Summary(string message)
    {
        var caused = message.IndexOf("Caused by:", StringComparison.Ordinal);
        if (caused < 0) return Trim(message.Split('\n', 2)[0]);
        var causes = message[(caused + "Caused by:".Length)..]
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => CauseNumber().Replace(line, ""))
            .Reverse();
        return Trim(string.Join(" (", causes) + new string(')', Math.Max(0, causes.Count() - 1)));
    }

    /// <summary>The import Wasmtime names when instantiation finds no definition for it, e.g.
    /// "component imports instance `greentic:state/state-store@1.0.0`, but a matching implementation was not found in the linker".</summary>
    private static string? UnsatisfiedImport(string message)
    {
        var match = ImportPattern().Match(message);
        return match.Success ? match.Groups[1].Value : null;
    }

    private static bool IsInstantiationLimit(string message) =>
        message.Contains("resource limit", StringComparison.OrdinalIgnoreCase) ||
        message.Contains("exceeds memory limits", StringComparison.OrdinalIgnoreCase) ||
        message.Contains("maximum concurrent", StringComparison.OrdinalIgnoreCase) ||
        message.Contains("Insufficient resources", StringComparison.OrdinalIgnoreCase) ||
        message.Contains("memory minimum size", StringComparison.OrdinalIgnoreCase);

    private static string Trim(string message) => message.Length <= MaxMessageChars ? message : message[..MaxMessageChars] + "…";

    [GeneratedRegex(@"^\d+:\s*")]
    private static partial Regex CauseNumber();

    [GeneratedRegex("imports? (?:instance|function|module|type|resource)? ?`([^`]+)`.*(?:not found|no definition|matching implementation)", RegexOptions.Singleline)]
    private static partial Regex ImportPattern();
}
