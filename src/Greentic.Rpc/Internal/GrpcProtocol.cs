using System.Globalization;

namespace Greentic.Rpc.Internal;

/// <summary>
/// Names and small codecs of gRPC over HTTP/2 (grpc/doc/PROTOCOL-HTTP2.md), shared by server and client.
/// </summary>
internal static class GrpcProtocol
{
    public const string ContentType = "application/grpc";
    public const string StatusTrailer = "grpc-status";
    public const string MessageTrailer = "grpc-message";
    public const string StatusDetailsTrailer = "grpc-status-details-bin";
    public const string TimeoutHeader = "grpc-timeout";
    public const string MessageEncodingHeader = "grpc-encoding";
    public const string MessageAcceptEncodingHeader = "grpc-accept-encoding";
    public const string CompressionRequestAlgorithmHeader = Metadata.CompressionRequestAlgorithmKey;
    public const string IdentityEncoding = "identity";
    public const string TeHeader = "te";
    public const string TeTrailers = "trailers";

    /// <summary>At most 8 digits may precede the unit of <c>grpc-timeout</c>.</summary>
    public const long MaxTimeoutValue = 99_999_999;

    private static readonly string[] StatusStrings = CreateStatusStrings();

    private static string[] CreateStatusStrings()
    {
        var strings = new string[17];
        for (var i = 0; i < strings.Length; i++) strings[i] = i.ToString(CultureInfo.InvariantCulture);
        return strings;
    }

    /// <summary>The <c>grpc-status</c> value of a code, without allocating for the 17 known codes.</summary>
    public static string StatusToString(StatusCode code) =>
        (uint)code < (uint)StatusStrings.Length ? StatusStrings[(int)code] : ((int)code).ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// True for <c>application/grpc</c>, <c>application/grpc+proto</c>, <c>application/grpc+json</c>, … and any of those
    /// with parameters (<c>;charset=…</c>). Not for <c>application/grpc-web</c>, which is another protocol.
    /// </summary>
    public static bool IsGrpcContentType(string? contentType)
    {
        if (contentType is null) return false;
        if (ReferenceEquals(contentType, ContentType)) return true;
        if (!contentType.StartsWith(ContentType, StringComparison.OrdinalIgnoreCase)) return false;
        if (contentType.Length == ContentType.Length) return true;
        var next = contentType[ContentType.Length];
        return next is '+' or ';';
    }

    /// <summary>
    /// Parses <c>grpc-timeout</c>: 1 to 8 ASCII digits, then one of H M S m u n. Anything else is malformed:
    /// the caller treats that as no deadline (what grpc-dotnet does) and logs it.
    /// </summary>
    public static bool TryParseTimeout(ReadOnlySpan<char> value, out TimeSpan timeout)
    {
        timeout = default;
        if (value.Length < 2 || value.Length > 9) return false;
        long n = 0;
        for (var i = 0; i < value.Length - 1; i++)
        {
            var c = value[i];
            if (c is < '0' or > '9') return false;
            n = n * 10 + (c - '0');
        }
        switch (value[^1])
        {
            case 'H': timeout = TimeSpan.FromTicks(n * TimeSpan.TicksPerHour); return true;
            case 'M': timeout = TimeSpan.FromTicks(n * TimeSpan.TicksPerMinute); return true;
            case 'S': timeout = TimeSpan.FromTicks(n * TimeSpan.TicksPerSecond); return true;
            case 'm': timeout = TimeSpan.FromTicks(n * TimeSpan.TicksPerMillisecond); return true;
            case 'u': timeout = TimeSpan.FromTicks(n * 10); return true;
            case 'n': timeout = TimeSpan.FromTicks(n / 100); return true;
            default: return false;
        }
    }

    /// <summary>
    /// Formats a positive timeout as <c>grpc-timeout</c> in the finest unit whose value fits in 8 digits,
    /// rounding up so the server never sees a shorter deadline than the client's.
    /// </summary>
    public static string FormatTimeout(TimeSpan timeout)
    {
        var ticks = Math.Max(1, timeout.Ticks);
        if (ticks <= MaxTimeoutValue / 100) return Format(ticks * 100, 'n');
        if (CeilDiv(ticks, 10) is var us && us <= MaxTimeoutValue) return Format(us, 'u');
        if (CeilDiv(ticks, TimeSpan.TicksPerMillisecond) is var ms && ms <= MaxTimeoutValue) return Format(ms, 'm');
        if (CeilDiv(ticks, TimeSpan.TicksPerSecond) is var s && s <= MaxTimeoutValue) return Format(s, 'S');
        if (CeilDiv(ticks, TimeSpan.TicksPerMinute) is var m && m <= MaxTimeoutValue) return Format(m, 'M');
        return Format(Math.Min(CeilDiv(ticks, TimeSpan.TicksPerHour), MaxTimeoutValue), 'H');

        static long CeilDiv(long a, long b) => a / b + (a % b == 0 ? 0 : 1); // no overflow near long.MaxValue
        static string Format(long value, char unit) =>
            string.Create(CultureInfo.InvariantCulture, $"{value}{unit}");
    }

    /// <summary>Base64 for a <c>-bin</c> header. The spec asks senders for un-padded values.</summary>
    public static string EncodeBinaryHeader(ReadOnlySpan<byte> value)
    {
        var s = Convert.ToBase64String(value);
        var end = s.Length;
        while (end > 0 && s[end - 1] == '=') end--;
        return end == s.Length ? s : s.Substring(0, end);
    }

    /// <summary>Decodes a <c>-bin</c> header value, padded or not (both are valid on the wire).</summary>
    public static bool TryDecodeBinaryHeader(ReadOnlySpan<char> value, out byte[] bytes)
    {
        value = value.Trim();
        while (value.Length > 0 && value[^1] == '=') value = value[..^1];
        if (value.Length % 4 == 1) { bytes = []; return false; }
        var padded = value.Length % 4 == 0 ? value.Length : value.Length + 4 - value.Length % 4;
        Span<char> buffer = padded <= 512 ? stackalloc char[padded] : new char[padded];
        value.CopyTo(buffer);
        buffer[value.Length..].Fill('=');
        var result = new byte[padded / 4 * 3];
        if (!Convert.TryFromBase64Chars(buffer, result, out var written)) { bytes = []; return false; }
        bytes = written == result.Length ? result : result.AsSpan(0, written).ToArray();
        return true;
    }

    /// <summary>True when a comma-separated header value (e.g. <c>grpc-accept-encoding</c>) lists <paramref name="token"/>.</summary>
    public static bool ContainsToken(string? list, string token)
    {
        if (list is null) return false;
        var rest = list.AsSpan();
        while (true)
        {
            var comma = rest.IndexOf(',');
            var part = (comma < 0 ? rest : rest[..comma]).Trim();
            if (part.Equals(token, StringComparison.OrdinalIgnoreCase)) return true;
            if (comma < 0) return false;
            rest = rest[(comma + 1)..];
        }
    }
}
