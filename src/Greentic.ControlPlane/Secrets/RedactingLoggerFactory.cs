using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Logging;

namespace Greentic.ControlPlane.Secrets;

/// <summary>
/// Wraps the real <see cref="ILoggerFactory"/> so that every logger masks tracked secret values (see
/// <see cref="SecretRedactor"/>) in the formatted message, in structured state values and in exceptions
/// before any provider sees the entry. Wrapping the factory (not the providers) keeps per-provider filter
/// rules (<c>Logging:Console:LogLevel</c>) working. Entries without a secret pass through untouched.
/// </summary>
public sealed class RedactingLoggerFactory(ILoggerFactory inner, SecretRedactor redactor) : ILoggerFactory
{
    public ILogger CreateLogger(string categoryName) => new RedactingLogger(inner.CreateLogger(categoryName), redactor);

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    public void Dispose() => inner.Dispose();

    private sealed class RedactingLogger(ILogger inner, SecretRedactor redactor) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull
        {
            if (redactor.IsEmpty || !redactor.ContainsSecret(Describe(state))) return inner.BeginScope(state);
            return inner.BeginScope(redactor.Redact(Describe(state)));
        }

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (redactor.IsEmpty || !inner.IsEnabled(logLevel))
            {
                inner.Log(logLevel, eventId, state, exception, formatter);
                return;
            }
            var message = formatter(state, exception);
            var values = state as IReadOnlyList<KeyValuePair<string, object?>> ?? (state as IEnumerable<KeyValuePair<string, object?>>)?.ToList();
            var exceptionText = exception?.ToString();
            var dirty = redactor.ContainsSecret(message) || redactor.ContainsSecret(exceptionText)
                        || (values?.Any(v => redactor.ContainsSecret(Describe(v.Value))) ?? redactor.ContainsSecret(Describe(state)));
            if (!dirty)
            {
                // Providers get the message already formatted rather than formatting it again.
                inner.Log(logLevel, eventId, state, exception, (_, _) => message);
                return;
            }
            var redactedMessage = redactor.Redact(message);
            var redactedState = new RedactedState(redactedMessage,
                (values ?? []).Select(v => new KeyValuePair<string, object?>(v.Key,
                    v.Key == "{OriginalFormat}" ? v.Value : v.Value is null ? null : redactor.Redact(Describe(v.Value)))).ToList());
            var redactedException = exception is null || !redactor.ContainsSecret(exceptionText)
                ? exception
                : new RedactedException(exception, redactor);
            inner.Log(logLevel, eventId, redactedState, redactedException, static (s, _) => s.Message);
        }

        private static string Describe(object? value) => value switch
        {
            null => "",
            string s => s,
            System.Collections.IEnumerable e and not string => string.Join(",", e.Cast<object?>().Select(o => o?.ToString())),
            _ => value.ToString() ?? "",
        };
    }

    private sealed class RedactedState(string message, IReadOnlyList<KeyValuePair<string, object?>> values) : IReadOnlyList<KeyValuePair<string, object?>>
    {
        public string Message { get; } = message;
        public KeyValuePair<string, object?> this[int index] => values[index];
        public int Count => values.Count;
        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => values.GetEnumerator();
        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
        public override string ToString() => Message;
    }
}

/// <summary>Stands in for an exception whose message or stack text carried a secret value.</summary>
[SuppressMessage("Design", "CA1032:Implement standard exception constructors", Justification = "Created only by the redacting logger.")]
public sealed class RedactedException : Exception
{
    private readonly string _text;

    internal RedactedException(Exception original, SecretRedactor redactor)
        : base($"{original.GetType().FullName}: {redactor.Redact(original.Message)}")
    {
        OriginalType = original.GetType().FullName ?? original.GetType().Name;
        _text = redactor.Redact(original.ToString());
    }

    /// <summary>The type of the exception that was redacted.</summary>
    public string OriginalType { get; }

    public override string? StackTrace => null;

    public override string ToString() => _text;
}
