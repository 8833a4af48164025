using System.Text;

namespace Greentic.Cli.Client;

/// <summary>
/// Writes a stored value to stdout. Text (valid UTF-8) ends with a newline like any other line a command prints — one is
/// added when the value has none, and <c>$(greentic state get k)</c> drops it again. Other bytes, and any value with
/// <c>--raw</c>, are written exactly as stored.
/// </summary>
internal static class RawOutput
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static async Task WriteAsync(byte[] bytes, bool raw, CancellationToken cancellationToken)
    {
        await Console.Out.FlushAsync(cancellationToken);
        await using var stdout = Console.OpenStandardOutput();
        await stdout.WriteAsync(bytes, cancellationToken);
        if (!raw && IsText(bytes) && (bytes.Length == 0 || bytes[^1] != (byte)'\n')) await stdout.WriteAsync("\n"u8.ToArray(), cancellationToken);
        await stdout.FlushAsync(cancellationToken);
    }

    private static bool IsText(byte[] bytes)
    {
        try
        {
            StrictUtf8.GetCharCount(bytes);
            return !bytes.Contains((byte)0);
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }
}
