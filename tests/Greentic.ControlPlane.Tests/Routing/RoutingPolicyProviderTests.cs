using Greentic.ControlPlane.Tenancy;
using Greentic.ControlPlane.Auth;
using Greentic.ControlPlane.Routing;

namespace Greentic.ControlPlane.Tests.Routing;

public sealed class RoutingPolicyProviderTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private RoutingPolicyProvider Create(bool watch = true, TimeSpan? poll = null) =>
        new(TestOptions.Monitor(new RoutingOptions
        {
            Directory = _dir.Path,
            Watch = watch,
            PollInterval = poll ?? TimeSpan.FromSeconds(30),
            Debounce = TimeSpan.FromMilliseconds(50),
        }));

    private static RouteQuery Send(string tenant) => new(new TenantContext("dev", tenant), "send_payload", "messaging", "messaging.telegram.bot");

    private static string Rule(string name, string target) =>
        $"version: 1\nrules:\n  - name: {name}\n    binding: {{ transport: inproc, target: {target} }}\n";

    [Fact]
    public void Loads_at_construction()
    {
        File.WriteAllText(_dir.File("acme.yaml"), RoutingPolicyLoaderTests.AcmeYaml);
        Directory.CreateDirectory(_dir.File("global"));
        File.WriteAllText(_dir.File("global/all.yml"), RoutingPolicyLoaderTests.GlobalYaml);
        File.WriteAllText(_dir.File("README.md"), "not a policy");
        File.WriteAllText(_dir.File(".hidden.yaml"), "garbage: [");
        using var provider = Create();
        Assert.Equal(5, provider.Current.Rules.Count);
        Assert.Null(provider.Status.LastError);
        Assert.Equal(["acme.yaml", Path.Combine("global", "all.yml")], provider.Status.Files);
    }

    [Fact]
    public async Task Bad_file_keeps_the_previous_policy_and_exposes_the_error()
    {
        File.WriteAllText(_dir.File("a.yaml"), Rule("r", "first"));
        using var provider = Create();
        var before = provider.Current;

        File.WriteAllText(_dir.File("a.yaml"), "version: 1\nrules:\n  - name: r\n    binding: { transport: inproc, target: p, timeout: forever }\n");
        Assert.False(await provider.ReloadAsync(CancellationToken.None));
        Assert.Same(before, provider.Current);
        Assert.Equal("first", provider.Current.Resolve(Send("acme"))!.Binding.Target);
        var status = provider.Status;
        Assert.Contains("a.yaml:4", status.LastError);
        Assert.Contains("rules[0].binding.timeout", status.LastError);
        Assert.Single(status.LastErrors);
        Assert.Equal(before.Version, status.Version);

        File.WriteAllText(_dir.File("a.yaml"), Rule("r", "second"));
        Assert.True(await provider.ReloadAsync(CancellationToken.None));
        Assert.Equal("second", provider.Current.Resolve(Send("acme"))!.Binding.Target);
        Assert.Null(provider.Status.LastError);
    }

    [Fact]
    public async Task Unchanged_content_keeps_the_same_snapshot()
    {
        File.WriteAllText(_dir.File("a.yaml"), Rule("r", "first"));
        using var provider = Create();
        var before = provider.Current;
        var changes = 0;
        provider.Changed += _ => changes++;
        File.SetLastWriteTimeUtc(_dir.File("a.yaml"), DateTime.UtcNow.AddMinutes(1));
        Assert.True(await provider.ReloadAsync(CancellationToken.None));
        Assert.Same(before, provider.Current);
        Assert.Equal(0, changes);
    }

    [Fact]
    public void Missing_directory_is_an_error_and_unset_directory_is_no_rules()
    {
        using var missing = new RoutingPolicyProvider(TestOptions.Monitor(new RoutingOptions { Directory = _dir.File("nope") }));
        Assert.Empty(missing.Current.Rules);
        Assert.Contains("does not exist", missing.Status.LastError);

        using var unset = new RoutingPolicyProvider(TestOptions.Monitor(new RoutingOptions()));
        Assert.Empty(unset.Current.Rules);
        Assert.Null(unset.Status.LastError);
    }

    [Fact]
    public async Task Watcher_reloads_after_an_edit()
    {
        File.WriteAllText(_dir.File("a.yaml"), Rule("r", "first"));
        using var provider = Create(watch: true);
        var changed = new TaskCompletionSource<RoutingPolicy>(TaskCreationOptions.RunContinuationsAsynchronously);
        provider.Changed += p => changed.TrySetResult(p);
        await provider.StartAsync(CancellationToken.None);
        try
        {
            await Task.Delay(200);
            File.WriteAllText(_dir.File("a.yaml"), Rule("r", "edited"));
            var policy = await changed.Task.WaitAsync(TimeSpan.FromSeconds(10));
            Assert.Equal("edited", policy.Resolve(Send("x"))!.Binding.Target);
            Assert.Same(policy, provider.Current);
        }
        finally
        {
            await provider.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task Polling_reloads_when_the_watcher_is_off()
    {
        File.WriteAllText(_dir.File("a.yaml"), Rule("r", "first"));
        using var provider = Create(watch: false, poll: TimeSpan.FromMilliseconds(100));
        var changed = new TaskCompletionSource<RoutingPolicy>(TaskCreationOptions.RunContinuationsAsynchronously);
        provider.Changed += p => changed.TrySetResult(p);
        await provider.StartAsync(CancellationToken.None);
        try
        {
            File.WriteAllText(_dir.File("b.yaml"), "version: 1\nrules:\n  - { name: s, match: { op: send_payload }, binding: { transport: inproc, target: polled } }\n");
            var policy = await changed.Task.WaitAsync(TimeSpan.FromSeconds(10));
            Assert.Equal("polled", policy.Resolve(Send("x"))!.Binding.Target);
        }
        finally
        {
            await provider.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task Concurrent_readers_always_see_a_complete_snapshot()
    {
        File.WriteAllText(_dir.File("a.yaml"), Rule("r", "v0"));
        using var provider = Create(watch: false);
        using var cts = new CancellationTokenSource();
        var readers = Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            var seen = 0;
            while (!cts.IsCancellationRequested)
            {
                var policy = provider.Current;
                Assert.NotNull(policy.Resolve(Send("x")));
                seen++;
            }
            return seen;
        })).ToArray();
        for (var i = 1; i <= 20; i++)
        {
            File.WriteAllText(_dir.File("a.yaml"), Rule("r", $"v{i}"));
            Assert.True(await provider.ReloadAsync(CancellationToken.None));
        }
        cts.Cancel();
        Assert.All(await Task.WhenAll(readers), n => Assert.True(n > 0));
        Assert.Equal("v20", provider.Current.Resolve(Send("x"))!.Binding.Target);
    }
}
