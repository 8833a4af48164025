using System.Runtime.InteropServices;
using Greentic.ControlPlane.Routing;
using Greentic.TestSupport;

namespace Greentic.Scale.Tests.Routing;

/// <summary>
/// A ConfigMap volume as the kubelet lays it out: the files are symlinks through <c>..data</c>, which points at a
/// hidden timestamped folder; an update writes a new folder and swaps <c>..data</c> in one rename. The routing
/// provider must follow the swap, never read the hidden folders as policy files, and keep the last good policy
/// when a bad revision is published.
/// </summary>
public sealed class ConfigMapMountReloadTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private int _revision;

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Follows_revisions_keeps_the_last_good_policy_and_reports_file_line_column()
    {
        Publish(("routes.yaml", RoutingPolicyResourceTests.AcmeResource));
        File.CreateSymbolicLink(_dir.File("routes.yaml"), "..data/routes.yaml");
        using var provider = new RoutingPolicyProvider(TestOptions.Monitor(new RoutingOptions { Directory = _dir.Path, Watch = false }));
        Assert.Equal(2, provider.Current.Rules.Count);
        Assert.Equal(["routes.yaml"], provider.Status.Files); // not ..2030_xx/routes.yaml
        var good = provider.Current;

        Publish(("routes.yaml", RoutingPolicyResourceTests.AcmeResource.Replace("timeout: 5s", "timeout: 5 parsecs")));
        Assert.False(await provider.ReloadAsync(CancellationToken.None));
        Assert.Same(good, provider.Current);
        var error = Assert.Single(provider.Status.LastErrors);
        Assert.Equal(("routes.yaml", 24, 18, "spec.rules[1].binding.timeout"), (error.File, error.Line, error.Column, error.Field));
        Assert.Contains("routes.yaml:24:18: spec.rules[1].binding.timeout", provider.Status.LastError);

        Publish(("routes.yaml", RoutingPolicyResourceTests.AcmeResource.Replace("timeout: 5s", "timeout: 7s")));
        Assert.True(await provider.ReloadAsync(CancellationToken.None));
        Assert.NotEqual(good.Version, provider.Current.Version);
        Assert.Equal(TimeSpan.FromSeconds(7), provider.Current.Rules.Single(r => r.Name == "acme-telegram-send").Binding.Timeout);
        Assert.Null(provider.Status.LastError);
    }

    /// <summary>What the kubelet's atomic writer does: a new hidden folder, a temporary link, one rename over <c>..data</c>.</summary>
    private void Publish(params (string Name, string Content)[] files)
    {
        var folder = $"..2030_01_01_00_00_{++_revision:00}.0000";
        Directory.CreateDirectory(_dir.File(folder));
        foreach (var (name, content) in files) File.WriteAllText(Path.Combine(_dir.File(folder), name), content);
        var temp = _dir.File("..data_tmp");
        File.CreateSymbolicLink(temp, folder);
        if (rename(temp, _dir.File("..data")) != 0) throw new IOException($"rename failed: errno {Marshal.GetLastPInvokeError()}");
    }

    // File.Move refuses a link to a folder; the kubelet uses rename(2), which replaces the link itself.
    [DllImport("libc", SetLastError = true)]
    private static extern int rename(string oldPath, string newPath);
}
