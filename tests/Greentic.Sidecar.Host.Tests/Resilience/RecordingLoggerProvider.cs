using Greentic.TestSupport;
using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Greentic.Sidecar.Host.Tests.Resilience;

/// <summary>Every log entry of every category: the formatted message, each structured value and the exception text.</summary>
internal sealed class RecordingLoggerProvider : ILoggerProvider
{
    public ConcurrentQueue<string> Messages { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose() { }

    private sealed class Logger(RecordingLoggerProvider owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            owner.Messages.Enqueue(formatter(state, exception));
            if (state is IEnumerable<KeyValuePair<string, object?>> pairs)
                foreach (var (key, value) in pairs) owner.Messages.Enqueue($"{key}={value}");
            if (exception is not null) owner.Messages.Enqueue(exception.ToString());
        }
    }
}
