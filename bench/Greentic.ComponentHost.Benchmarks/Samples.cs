using System.Diagnostics;
using System.Security.Cryptography;

namespace Greentic.ComponentHost.Benchmarks;

/// <summary>Builds the C samples with sidecars/components/build.sh (cached by source hash) and finds upstream's.</summary>
internal static class Samples
{
    public static string Root { get; } = FindRoot();

    public static byte[] Sample(string name)
    {
        var output = Path.Combine(Path.GetTempPath(), "greentic-componenthost-samples");
        using var build = Process.Start("bash", [Path.Combine(Root, "sidecars", "components", "build.sh"), output])!;
        build.WaitForExit();
        if (build.ExitCode != 0) throw new InvalidOperationException("sidecars/components/build.sh failed");
        return File.ReadAllBytes(Path.Combine(output, name + ".wasm"));
    }

    public static byte[] Upstream(string name) =>
        File.ReadAllBytes(Path.Combine(Root, "..", "shared", "upstream", "components", name + ".wasm"));

    public static string Digest(byte[] bytes) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Greentic.Grpc.sln"))) return dir.FullName;
        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Greentic.Grpc.sln"))) return dir.FullName;
        throw new InvalidOperationException("repository root not found");
    }
}
