using System.Globalization;
using Greentic.Packs.Archive;
using Greentic.Packs.Signing;
using Microsoft.Extensions.Configuration;

namespace Greentic.Packs.Runtime;

/// <summary>
/// Pack settings (CONTRACTS.md §3), bound from configuration by <see cref="Bind"/>: the environment-style keys
/// win over the <c>Packs</c> section.
/// <list type="table">
/// <item><term>PACK_INDEX_URL / Packs:IndexUrl</term><description>index location: path, <c>file:</c> URI or http(s) URL.</description></item>
/// <item><term>PACK_SOURCE / Packs:Source</term><description>the index location when PACK_INDEX_URL is unset; when both
/// are set, PACK_SOURCE is only a kind hint (fs, http, https, oci-layout) and is not otherwise used.</description></item>
/// <item><term>PACK_CACHE_DIR</term><description>cache folder (default <c>.packs</c>).</description></item>
/// <item><term>PACK_CACHE_MAX_BYTES</term><description>LRU byte budget for the cache; 0 = unlimited.</description></item>
/// <item><term>PACK_PUBLIC_KEY</term><description><c>ed25519:&lt;base64&gt;</c>; several may be given, separated by commas or spaces.</description></item>
/// <item><term>PACK_VERIFY_STRICT</term><description>true/1/yes: a missing signature refuses (default false: warn and accept; a bad signature always refuses).</description></item>
/// <item><term>PACK_REFRESH_INTERVAL</term><description>watcher period: <c>30s</c>, <c>5m</c>, <c>1h</c>, <c>250ms</c>, plain seconds or <c>hh:mm:ss</c> (default 30s; 0 disables polling).</description></item>
/// </list>
/// </summary>
public sealed class PacksOptions
{
    public string? IndexLocation { get; set; }
    public string? SourceKind { get; set; }
    public string CacheDir { get; set; } = ".packs";
    public long CacheMaxBytes { get; set; }
    public string? PublicKey { get; set; }
    public bool VerifyStrict { get; set; }
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(30);
    public long MaxPackBytes { get; set; } = 512L * 1024 * 1024;
    public PackReaderOptions Reader { get; set; } = PackReaderOptions.Default;

    public IReadOnlyList<Ed25519PublicKey> TrustedKeys() =>
        string.IsNullOrWhiteSpace(PublicKey)
            ? []
            : PublicKey.Split([',', ' ', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(Ed25519PublicKey.ParseEnv).ToArray();

    public TrustPolicy TrustPolicy() => new(TrustedKeys(), VerifyStrict);

    public static void Bind(PacksOptions o, IConfiguration config)
    {
        var section = config.GetSection("Packs");
        string? Get(string env, string key) => NonEmpty(config[env]) ?? NonEmpty(section[key]);
        var indexUrl = Get("PACK_INDEX_URL", "IndexUrl");
        var source = Get("PACK_SOURCE", "Source");
        if (indexUrl is not null) { o.IndexLocation = indexUrl; o.SourceKind = source; }
        else if (source is not null) o.IndexLocation = source;
        if (Get("PACK_CACHE_DIR", "CacheDir") is { } dir) o.CacheDir = dir;
        if (Get("PACK_CACHE_MAX_BYTES", "CacheMaxBytes") is { } max)
            o.CacheMaxBytes = long.TryParse(max, NumberStyles.None, CultureInfo.InvariantCulture, out var m) ? m
                : throw new FormatException($"PACK_CACHE_MAX_BYTES='{max}' is not a whole number of bytes");
        if (Get("PACK_PUBLIC_KEY", "PublicKey") is { } key) o.PublicKey = key;
        if (Get("PACK_VERIFY_STRICT", "VerifyStrict") is { } strict) o.VerifyStrict = ParseBool(strict, "PACK_VERIFY_STRICT");
        if (Get("PACK_REFRESH_INTERVAL", "RefreshInterval") is { } interval) o.RefreshInterval = ParseInterval(interval);
    }

    private static string? NonEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    public static bool ParseBool(string s, string name) => s.ToLowerInvariant() switch
    {
        "1" or "true" or "yes" or "on" => true,
        "0" or "false" or "no" or "off" => false,
        _ => throw new FormatException($"{name}='{s}' is not a boolean (true/false/1/0/yes/no)"),
    };

    public static TimeSpan ParseInterval(string s)
    {
        s = s.Trim();
        static double Num(string x, string orig) =>
            double.TryParse(x, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d >= 0 ? d
                : throw new FormatException($"PACK_REFRESH_INTERVAL='{orig}' is not a duration (e.g. 30s, 5m, 1h, 250ms)");
        if (s.EndsWith("ms", StringComparison.OrdinalIgnoreCase)) return TimeSpan.FromMilliseconds(Num(s[..^2], s));
        if (s.EndsWith('s')) return TimeSpan.FromSeconds(Num(s[..^1], s));
        if (s.EndsWith('m')) return TimeSpan.FromMinutes(Num(s[..^1], s));
        if (s.EndsWith('h')) return TimeSpan.FromHours(Num(s[..^1], s));
        if (s.Contains(':') && TimeSpan.TryParse(s, CultureInfo.InvariantCulture, out var ts)) return ts;
        return TimeSpan.FromSeconds(Num(s, s));
    }
}
