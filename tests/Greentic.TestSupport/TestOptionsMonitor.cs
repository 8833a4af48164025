using Microsoft.Extensions.Options;

namespace Greentic.TestSupport;

public sealed class TestOptionsMonitor<T>(T value) : IOptionsMonitor<T>
{
    public T CurrentValue { get; set; } = value;
    public T Get(string? name) => CurrentValue;
    public IDisposable? OnChange(Action<T, string?> listener) => null;
}

public static class TestOptions
{
    public static TestOptionsMonitor<T> Monitor<T>(T value) => new(value);
}
