using Greentic.Rpc;
using Grpc.Testing;

namespace Greentic.Interop.Client;

/// <summary>A case's assertion failed; the message says what was seen and what was wanted.</summary>
public sealed class CheckFailedException(string message) : Exception(message);

internal static class Check
{
    public static void That(bool condition, string message)
    {
        if (!condition) throw new CheckFailedException(message);
    }

    public static void Equal<T>(T expected, T actual, string what)
    {
        if (!EqualityComparer<T>.Default.Equals(expected, actual))
            throw new CheckFailedException($"{what}: got {actual}, want {expected}");
    }

    public static void Body(Payload? payload, int size)
    {
        That(payload is not null, "response has no payload");
        Equal(size, payload!.Body.Length, "payload body size");
        That(payload.Body.Span.IndexOfAnyExcept((byte)0) < 0, "payload body is not all zeros");
    }

    /// <summary>Runs a call that must fail with <paramref name="code"/> (and <paramref name="message"/>, when given).</summary>
    public static async Task<RpcException> FailsWith(StatusCode code, Func<Task> call, string? message = null)
    {
        try
        {
            await call();
        }
        catch (RpcException e)
        {
            Equal(code, e.StatusCode, $"status (detail '{e.Status.Detail}')");
            if (message is not null) Equal(message, e.Status.Detail, "status message");
            return e;
        }
        throw new CheckFailedException($"call succeeded, want status {code}");
    }
}
