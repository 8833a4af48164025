using Greentic.TestSupport;

namespace Greentic.Cli.Tests;

/// <summary><c>greentic pack verify</c>: a pack that is there but damaged failed verification (exit 1); only a usage problem exits 2.</summary>
public sealed class PackVerifyTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public static TheoryData<string> Damage => new() { "truncated", "flipped", "noise" };

    [Theory, MemberData(nameof(Damage))]
    public async Task A_corrupted_pack_fails_verification_with_exit_1(string damage)
    {
        var good = await File.ReadAllBytesAsync(Path.Combine(RepoPaths.Upstream, "packs", "messaging-webchat.gtpack"));
        var bad = damage switch
        {
            "truncated" => good[..(good.Length / 2)],
            "flipped" => Flip(good),
            _ => System.Security.Cryptography.RandomNumberGenerator.GetBytes(4096),
        };
        var file = _dir.File($"{damage}.gtpack");
        await File.WriteAllBytesAsync(file, bad);

        var result = await ProcessRunner.RunAsync(RepoPaths.Dotnet, [RepoPaths.GreenticDll, "pack", "verify", file], _dir.Path);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("verification failed", result.Stderr);
    }

    [Fact]
    public async Task A_missing_file_is_a_usage_error_with_exit_2()
    {
        var result = await ProcessRunner.RunAsync(RepoPaths.Dotnet, [RepoPaths.GreenticDll, "pack", "verify", _dir.File("absent.gtpack")], _dir.Path);

        Assert.True(result.ExitCode == 2, result.ToString());
    }

    /// <summary>One byte changed in every kilobyte of the middle half: inside entries, so the archive's checks catch it.</summary>
    private static byte[] Flip(byte[] good)
    {
        var bad = (byte[])good.Clone();
        for (var i = good.Length / 4; i < good.Length * 3 / 4; i += 1024) bad[i] ^= 0x5A;
        return bad;
    }

    public void Dispose() => _dir.Dispose();
}
