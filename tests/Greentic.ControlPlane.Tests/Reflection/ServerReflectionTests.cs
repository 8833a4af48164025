namespace Greentic.ControlPlane.Tests.Reflection;

/// <summary>Server reflection (v1 and v1alpha) answers without credentials and describes the Greentic services.</summary>
[Collection(InProcessControlPlaneCollection.Name)]
public sealed class ServerReflectionTests(InProcessControlPlane cp)
{
    private static readonly string[] Served =
    [
        "greentic.provider.v1.ProviderService", "greentic.secrets.v1.SecretsService", "greentic.state.v1.StateService",
        "greentic.http.v1.HttpService", "greentic.telemetry.v1.TelemetryService", "greentic.distributor.v1.DistributorService",
        "greentic.admin.v1.AdminService", "grpc.health.v1.Health",
    ];

    [Fact]
    public async Task Both_reflection_versions_list_the_greentic_services_and_health()
    {
        using var channel = cp.Channel();
        Assert.Superset(Served.ToHashSet(), (await ReflectedServices.ListServicesAsync(channel.Invoker)).ToHashSet());
        Assert.Superset(Served.ToHashSet(), (await ReflectedServices.ListServicesV1AlphaAsync(channel.Invoker)).ToHashSet());
    }

    [Fact]
    public async Task File_descriptors_describe_each_method_and_the_tenant_context_it_carries()
    {
        using var channel = cp.Channel();
        var schema = await ReflectedServices.DescribeAsync(channel.Invoker, "greentic.");
        Assert.Equal(["Describe", "ValidateConfig", "Healthcheck", "Invoke"],
            schema.Methods.Where(m => m.Service == "greentic.provider.v1.ProviderService").Select(m => m.Name));
        var invoke = schema.Methods.Single(m => m.ToString() == "greentic.provider.v1.ProviderService/Invoke");
        Assert.True(invoke.IsUnary);
        var ctx = invoke.Request.Field.Single(f => f.Name == "ctx");
        Assert.Equal((1, ".greentic.types.v1.TenantCtx"), (ctx.Number, ctx.TypeName));
        Assert.Contains(schema.Message("greentic.types.v1.TenantCtx").Field, f => f.Name == "tenant");
        Assert.True(schema.Methods.Single(m => m.ToString() == "greentic.distributor.v1.DistributorService/GetByDigest").ServerStreaming);
    }
}
