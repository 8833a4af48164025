using Greentic.TestSupport;
using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Greentic.Sidecar.Host.Tests.Resilience;

/// <summary>Keeps every formatted log message, in order.</summary>
internal sealed class RecordingLogger<T> : ILogger<T>
{
    public ConcurrentQueue<string> Messages { get; } = new();

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Messages.Enqueue(formatter(state, exception));
}
