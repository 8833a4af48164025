namespace Greentic.Cli.Client;

/// <summary>Writes a stored value to stdout as its bytes, so binary values and scripts (<c>$(greentic state get k)</c>) work.</summary>
internal static class RawOutput
{
    /// <summary>The bytes as they are, plus a newline when stdout is a terminal.</summary>
    public static async Task WriteAsync(byte[] bytes, CancellationToken cancellationToken)
    {
        await Console.Out.FlushAsync(cancellationToken);
        await using var stdout = Console.OpenStandardOutput();
        await stdout.WriteAsync(bytes, cancellationToken);
        if (!Console.IsOutputRedirected) await stdout.WriteAsync("\n"u8.ToArray(), cancellationToken);
        await stdout.FlushAsync(cancellationToken);
    }
}
