using Greentic.ControlPlane.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Greentic.ControlPlane.Tests.Routing;

public sealed class RoutingServiceCollectionTests
{
    [Fact]
    public void Provider_is_registered_once_as_interface_and_hosted_service()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("a.yaml"), "version: 1\nrules:\n  - { name: r, binding: { transport: inproc, target: p } }\n");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Greentic:Routing:Directory"] = dir.Path,
            ["Greentic:Routing:PollInterval"] = "00:00:02",
        }).Build();
        using var sp = new ServiceCollection().AddLogging().AddGreenticRouting(configuration).BuildServiceProvider();
        var provider = sp.GetRequiredService<IRoutingPolicyProvider>();
        Assert.Same(provider, sp.GetServices<IHostedService>().OfType<RoutingPolicyProvider>().Single());
        Assert.Single(provider.Current.Rules);
        Assert.Equal(TimeSpan.FromSeconds(2), sp.GetRequiredService<IOptions<RoutingOptions>>().Value.PollInterval);
    }

    [Fact]
    public void Bad_poll_interval_fails_validation()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Greentic:Routing:PollInterval"] = "00:00:00",
        }).Build();
        using var sp = new ServiceCollection().AddLogging().AddGreenticRouting(configuration).BuildServiceProvider();
        Assert.Throws<OptionsValidationException>(() => sp.GetRequiredService<IOptions<RoutingOptions>>().Value);
    }
}
