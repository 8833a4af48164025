using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Greentic.TestSupport;

/// <summary>Captures every log entry: the formatted message, the structured state and the exception text.</summary>
public sealed class CapturingLoggerProvider : ILoggerProvider
{
    public ConcurrentQueue<CapturedLog> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose() { }

    /// <summary>Every string the entries carry: message, state values, exception ToString().</summary>
    public IEnumerable<string> AllText() => Entries.SelectMany(e => e.AllText());

    private sealed class Logger(CapturingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = new List<string>();
            if (state is IEnumerable<KeyValuePair<string, object?>> pairs)
            {
                values.AddRange(pairs.Select(p => $"{p.Key}={p.Value}"));
            }
            owner.Entries.Enqueue(new CapturedLog(category, logLevel, eventId, formatter(state, exception), values, exception?.ToString()));
        }
    }
}

public sealed record CapturedLog(string Category, LogLevel Level, EventId EventId, string Message, IReadOnlyList<string> StateValues, string? Exception)
{
    public IEnumerable<string> AllText()
    {
        yield return Message;
        foreach (var v in StateValues) yield return v;
        if (Exception is not null) yield return Exception;
    }
}
