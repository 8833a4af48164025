using System.Text;
using Greentic.ComponentHost;
using Greentic.Packs.Runtime;
using Greentic.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Greentic.ControlPlane.Tests.Components;

/// <summary><c>Greentic:Components:Limits</c>: the limits of one component call come from configuration, checked at start.</summary>
public sealed class ComponentLimitsSettingsTests
{
    private static ServiceProvider Build(TempDirectory dir, Dictionary<string, string?> settings) =>
        new ServiceCollection().AddLogging().AddSingleton(TimeProvider.System)
            .Configure<PacksOptions>(o => o.CacheDir = dir.Path)
            .AddGreenticComponents(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .BuildServiceProvider();

    [Fact]
    public async Task A_configured_output_limit_stops_a_call_whose_answer_is_larger()
    {
        using var dir = new TempDirectory();
        await using var sp = Build(dir, new() { ["Greentic:Components:Limits:MaxOutputBytes"] = "512", ["Greentic:Components:Limits:DefaultTimeout"] = "00:00:07" });
        var engine = sp.GetRequiredService<ComponentEngine>();
        Assert.Equal(TimeSpan.FromSeconds(7), engine.Options.DefaultLimits.DefaultTimeout);
        var echo = SampleComponents.Bytes("echo");
        using var component = engine.Load(SampleComponents.Digest(echo), echo);
        var context = new ComponentCallContext { Tenant = new TenantScope("dev", "acme", null, null), CancellationToken = CancellationToken.None };

        var small = await component.InvokeAsync(context, "echo", Encoding.UTF8.GetBytes("""{"text":"hi"}"""));
        Assert.Contains("\"hi\"", Encoding.UTF8.GetString(small));
        var large = Encoding.UTF8.GetBytes($$"""{"text":"{{new string('x', 1024)}}"}""");
        var e = await Assert.ThrowsAsync<ComponentException>(() => component.InvokeAsync(context, "echo", large));
        Assert.Equal(ComponentErrorKind.ResourceExhausted, e.Kind);
    }

    [Fact]
    public void A_limit_that_is_not_positive_stops_the_start_naming_the_setting()
    {
        using var dir = new TempDirectory();
        using var sp = Build(dir, new() { ["Greentic:Components:Limits:MemoryBytes"] = "0", ["Greentic:Components:Limits:DefaultTimeout"] = "-00:00:01" });
        var e = Assert.Throws<OptionsValidationException>(() => sp.GetRequiredService<IOptions<ComponentLimits>>().Value);
        Assert.Contains("Greentic:Components:Limits:MemoryBytes must be positive", e.Message);
        Assert.Contains("Greentic:Components:Limits:DefaultTimeout must be positive", e.Message);
    }
}
