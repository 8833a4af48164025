using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Greentic.Conformance.Harness;

/// <summary>
/// The suite's control plane logs here instead of the console: warnings and errors are kept for the run's report, and
/// the transport's retry records (event 40 of the resilience interceptor) are kept with their fields, for the retry check.
/// </summary>
internal sealed class SuiteLog : ILoggerProvider
{
    private const int RetryEvent = 40;
    private const int MaxLines = 500;
    private readonly ConcurrentQueue<string> lines = new();
    private readonly ConcurrentQueue<RetryRecord> retries = new();

    public IReadOnlyList<string> Lines => lines.ToArray();
    public IReadOnlyList<RetryRecord> Retries => retries.ToArray();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose() { }

    private sealed class Logger(SuiteLog owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (eventId.Id == RetryEvent && state is IReadOnlyList<KeyValuePair<string, object?>> fields)
            {
                object? Field(string name) => fields.FirstOrDefault(f => f.Key == name).Value;
                owner.retries.Enqueue(new RetryRecord(Field("Binding") as string ?? "", Convert.ToInt32(Field("Attempt")),
                    Convert.ToDouble(Field("DelayMs")), Convert.ToDouble(Field("BackoffMs"))));
            }
            if (logLevel < LogLevel.Warning || owner.lines.Count >= MaxLines) return;
            owner.lines.Enqueue($"{logLevel}: {category}: {formatter(state, exception)}{(exception is null ? "" : " — " + exception.Message)}");
        }
    }
}

/// <summary>One retry the control plane made: after which attempt, how long it waited, and the backoff the provider asked for (-1: none).</summary>
internal sealed record RetryRecord(string Binding, int Attempt, double DelayMs, double BackoffMs);
