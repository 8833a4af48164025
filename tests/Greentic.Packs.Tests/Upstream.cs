namespace Greentic.Packs.Tests;

/// <summary>
/// Upstream's real artifacts, read from <c>../shared/upstream/</c> relative to the repository root (never copied into
/// the repository). A missing file fails the test: these packs are the judge of compatibility.
/// </summary>
internal static class Upstream
{
    public const string Telegram = "messaging-telegram.gtpack";
    public const string Webchat = "messaging-webchat.gtpack";
    public static readonly string[] Packs = [Telegram, Webchat];

    private static readonly Lazy<string> Root = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Greentic.Grpc.sln")))
                return Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "upstream"));
        throw new InvalidOperationException($"no Greentic.Grpc.sln above {AppContext.BaseDirectory}");
    });

    public static string PackPath(string name) => Existing(Path.Combine(Root.Value, "packs", name));

    public static string ComponentPath(string name) => Existing(Path.Combine(Root.Value, "components", name));

    public static byte[] PackBytes(string name) => File.ReadAllBytes(PackPath(name));

    public static GtPack Open(string name) => GtPack.Open(PackBytes(name), name);

    private static string Existing(string path) =>
        File.Exists(path) ? path : throw new FileNotFoundException($"upstream artifact missing: {path} (see ../shared/upstream/README.md)");
}
