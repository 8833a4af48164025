using Greentic.Gateway.Proxy;
using Microsoft.Extensions.Configuration;

namespace Greentic.Gateway.Tests.Proxy;

/// <summary>What a cluster gets when its configuration does not say: HTTP/2 exactly, and an activity timeout long enough
/// for a quiet subscription (YARP's 100 s default would end every idle <c>EventsService.Subscribe</c>).</summary>
public sealed class ProxyClusterDefaultsTests
{
    [Fact]
    public void The_default_cluster_and_a_configured_cluster_without_HttpRequest_get_the_grpc_defaults()
    {
        var section = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Routes:r:ClusterId"] = "replicas",
            ["Routes:r:Match:Path"] = "/{**any}",
            ["Clusters:replicas:Destinations:a:Address"] = "http://127.0.0.1:7001",
            ["Clusters:tuned:Destinations:a:Address"] = "http://127.0.0.1:7002",
            ["Clusters:tuned:HttpRequest:ActivityTimeout"] = "00:00:05",
        }).Build();

        var configured = ProxyConfigReader.Read(section, "test", controlPlaneAddress: null);
        var replicas = configured.Clusters.Single(c => c.ClusterId == "replicas").HttpRequest!;
        Assert.Equal(new Version(2, 0), replicas.Version);
        Assert.Equal(ProxyConfigReader.GrpcActivityTimeout, replicas.ActivityTimeout);
        Assert.Equal(TimeSpan.FromSeconds(5), configured.Clusters.Single(c => c.ClusterId == "tuned").HttpRequest!.ActivityTimeout);

        var fallback = ProxyConfigReader.Read(new ConfigurationBuilder().Build(), "test", "http://127.0.0.1:7878");
        Assert.Equal(ProxyConfigReader.GrpcActivityTimeout, fallback.Clusters.Single(c => c.ClusterId == ProxyConfigReader.DefaultClusterId).HttpRequest!.ActivityTimeout);
        Assert.True(ProxyConfigReader.GrpcActivityTimeout >= TimeSpan.FromMinutes(30));
    }
}
