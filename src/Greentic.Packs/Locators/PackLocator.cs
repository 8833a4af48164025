namespace Greentic.Packs.Locators;

public enum LocatorKind { File, Http, OciLayout }

/// <summary>
/// A parsed pack locator. Accepted forms:
/// <list type="bullet">
/// <item><c>path/to/pack.gtpack</c>, <c>fs:path</c>, <c>file:///abs/path</c> — a file; relative paths resolve against the
/// folder of the index file (or, for an index fetched over HTTP, against the index URL).</item>
/// <item><c>http://…</c>, <c>https://…</c> — fetched with HttpClient.</item>
/// <item><c>oci-layout:DIR[:TAG]</c> — an OCI image-layout directory (<c>oci-layout</c>, <c>index.json</c>,
/// <c>blobs/sha256/…</c>); TAG matches the <c>org.opencontainers.image.ref.name</c> annotation. DIR resolves like a path.</item>
/// </list>
/// An index fetched over HTTP may only use HTTP(S) locators (relative ones resolve against its URL).
/// Anything else (<c>oci://</c> registries, <c>s3:</c>, <c>gcs:</c>, <c>azblob:</c>, …) is refused as an unsupported locator.
/// </summary>
public sealed record PackLocator(LocatorKind Kind, string Target, string? Tag = null)
{
    public const string OciLayoutScheme = "oci-layout:";

    /// <param name="locator">The locator text from the index.</param>
    /// <param name="baseLocation">Folder (or URL) that relative paths are resolved against.</param>
    public static PackLocator Parse(string locator, string? baseLocation)
    {
        var loc = ParseAny(locator, baseLocation);
        // An index fetched over HTTP may only point at HTTP(S) locations: a remote index must not read local files.
        if (loc.Kind != LocatorKind.Http && baseLocation is not null && IsHttp(baseLocation))
            throw new PackFormatException(locator, "an index fetched over HTTP cannot point at local files or directories");
        return loc;
    }

    private static bool IsHttp(string s) =>
        s.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || s.StartsWith("https://", StringComparison.OrdinalIgnoreCase);

    private static PackLocator ParseAny(string locator, string? baseLocation)
    {
        if (string.IsNullOrWhiteSpace(locator)) throw new PackFormatException(locator, "empty locator");
        if (locator.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || locator.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            if (!Uri.TryCreate(locator, UriKind.Absolute, out _)) throw new PackFormatException(locator, "invalid URL");
            return new PackLocator(LocatorKind.Http, locator);
        }
        if (locator.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            if (!Uri.TryCreate(locator, UriKind.Absolute, out var u) || !u.IsFile) throw new PackFormatException(locator, "invalid file: URI");
            return new PackLocator(LocatorKind.File, u.LocalPath);
        }
        if (locator.StartsWith("fs:", StringComparison.OrdinalIgnoreCase))
            return Relative(LocatorKind.File, locator[3..], baseLocation, null);
        if (locator.StartsWith(OciLayoutScheme, StringComparison.OrdinalIgnoreCase))
        {
            var rest = locator[OciLayoutScheme.Length..];
            string? tag = null;
            int colon = rest.LastIndexOf(':');
            if (colon > 0 && rest.IndexOf('/', colon) < 0)
            {
                tag = rest[(colon + 1)..];
                rest = rest[..colon];
                if (tag.Length == 0) tag = null;
            }
            if (rest.Length == 0) throw new PackFormatException(locator, "oci-layout: locator has no directory");
            return Relative(LocatorKind.OciLayout, rest, baseLocation, tag);
        }
        int sep = locator.IndexOf(':');
        if (sep > 1 && locator[..sep].All(c => char.IsAsciiLetterOrDigit(c) || c is '+' or '-' or '.'))
            throw new PackFormatException(locator,
                $"unsupported locator scheme '{locator[..sep]}' (supported: a file path, fs:, file:, http:, https:, {OciLayoutScheme}DIR[:TAG])");
        return Relative(LocatorKind.File, locator, baseLocation, null);
    }

    private static PackLocator Relative(LocatorKind kind, string path, string? baseLocation, string? tag)
    {
        if (Path.IsPathRooted(path) || baseLocation is null) return new PackLocator(kind, Path.GetFullPath(path), tag);
        if (IsHttp(baseLocation))
        {
            if (kind != LocatorKind.File) throw new PackFormatException(path, "an index fetched over HTTP cannot point at local files or directories");
            return new PackLocator(LocatorKind.Http, new Uri(new Uri(baseLocation), path).ToString());
        }
        return new PackLocator(kind, Path.GetFullPath(Path.Combine(baseLocation, path)), tag);
    }

    public override string ToString() => Kind switch
    {
        LocatorKind.OciLayout => $"{OciLayoutScheme}{Target}{(Tag is null ? "" : ":" + Tag)}",
        _ => Target,
    };
}
