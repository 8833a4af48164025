using System.Text.Json;
using Greentic.Gateway.Tests.Support;
using Greentic.Provider.V1;
using Grpc.Net.Client;

namespace Greentic.Gateway.Tests.Proxy;

internal static class ProxyTestSupport
{
    /// <summary>A gRPC route for every path and a cluster of the given replicas, in the Greentic:Gateway:Proxy section.</summary>
    public static Dictionary<string, string?> Cluster(string policy, bool grpcHealth, params ControlPlaneStandIn[] replicas)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Greentic:Gateway:Proxy:Routes:grpc:ClusterId"] = "cp",
            ["Greentic:Gateway:Proxy:Routes:grpc:Match:Path"] = "/{**grpc-path}",
            ["Greentic:Gateway:Proxy:Routes:grpc:Match:Headers:0:Name"] = "content-type",
            ["Greentic:Gateway:Proxy:Routes:grpc:Match:Headers:0:Values:0"] = "application/grpc",
            ["Greentic:Gateway:Proxy:Routes:grpc:Match:Headers:0:Mode"] = "HeaderPrefix",
            ["Greentic:Gateway:Proxy:Clusters:cp:LoadBalancingPolicy"] = policy,
        };
        foreach (var replica in replicas) settings[$"Greentic:Gateway:Proxy:Clusters:cp:Destinations:{replica.Name}:Address"] = replica.Address;
        if (grpcHealth)
        {
            settings["Greentic:Gateway:Proxy:Clusters:cp:HealthCheck:Active:Enabled"] = "true";
            settings["Greentic:Gateway:Proxy:Clusters:cp:HealthCheck:Active:Interval"] = "00:00:00.500";
            settings["Greentic:Gateway:Proxy:Clusters:cp:HealthCheck:Active:Timeout"] = "00:00:02";
            settings["Greentic:Gateway:Proxy:Clusters:cp:HealthCheck:Active:Policy"] = "GrpcHealth";
            settings["Greentic:Gateway:Proxy:Clusters:cp:HealthCheck:AvailableDestinationsPolicy"] = "HealthyAndUnknown";
        }
        return settings;
    }

    /// <summary>The replica that answered a Describe through the gateway.</summary>
    public static async Task<string> DescribeReplicaAsync(GrpcChannel channel, Grpc.Core.Metadata? headers = null)
    {
        var response = await new ProviderService.ProviderServiceClient(channel).DescribeAsync(
            new DescribeRequest { ProviderType = "messaging.dummy" }, headers, DateTime.UtcNow.AddSeconds(20));
        using var json = JsonDocument.Parse(response.DescribeJson.Memory);
        return json.RootElement.GetProperty("replica").GetString()!;
    }

    public static async Task<List<string>> DescribeManyAsync(GrpcChannel channel, int count)
    {
        var replicas = new List<string>();
        for (var i = 0; i < count; i++) replicas.Add(await DescribeReplicaAsync(channel));
        return replicas;
    }

    /// <summary>Polls until the condition holds (generous: the machine is shared), or fails with the last state.</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, string what, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < deadline)
        {
            if (await condition()) return;
            await Task.Delay(200);
        }
        Assert.Fail($"timed out waiting for: {what}");
    }

    public static async Task<JsonElement> StatusAsync(GatewayUnderTest gateway, string? token = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/admin/gateway/status");
        if (token is not null) request.Headers.Authorization = new("Bearer", token);
        using var response = await gateway.Http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.Clone();
    }

    public static string ActiveHealth(JsonElement status, string destination) =>
        status.GetProperty("clusters").EnumerateArray().SelectMany(c => c.GetProperty("destinations").EnumerateArray())
            .Single(d => d.GetProperty("destination").GetString() == destination).GetProperty("active").GetString()!;
}
