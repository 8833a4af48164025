using Grpc.Core;

namespace Greentic.Contracts.Tests;

/// <summary>Rules every Greentic contract follows, checked over all generated services.</summary>
public sealed class ContractShapeTests
{
    // AdminService is the host's own surface (no WIT counterpart): it is global and locked by the admin token.
    private static readonly HashSet<string> GlobalServices = ["greentic.admin.v1.AdminService"];

    public static IEnumerable<object[]> Services() =>
        GeneratedServices.All().Select(s => new object[] { s.Descriptor.FullName });

    [Fact]
    public void EveryContractPackageHasAService()
    {
        var names = GeneratedServices.All().Select(s => s.Descriptor.FullName).ToHashSet();
        string[] expected =
        [
            "greentic.provider.v1.ProviderService", "greentic.secrets.v1.SecretsService", "greentic.state.v1.StateService",
            "greentic.http.v1.HttpService", "greentic.telemetry.v1.TelemetryService", "greentic.distributor.v1.DistributorService",
            "greentic.oauth.v1.OAuthBrokerService", "greentic.worker.v1.WorkerService", "greentic.admin.v1.AdminService",
        ];
        Assert.Empty(expected.Except(names));
    }

    [Theory]
    [MemberData(nameof(Services))]
    public void EveryRequestCarriesTheTenantContext(string serviceName)
    {
        if (GlobalServices.Contains(serviceName)) return;
        var service = GeneratedServices.All().Single(s => s.Descriptor.FullName == serviceName);
        foreach (var method in service.Descriptor.Methods)
        {
            var ctx = method.InputType.FindFieldByName("ctx");
            Assert.True(ctx is not null, $"{method.FullName}: request {method.InputType.Name} has no 'ctx' field");
            Assert.Equal("greentic.types.v1.TenantCtx", ctx!.MessageType.FullName);
            Assert.Equal(1, ctx.FieldNumber);
        }
    }

    [Theory]
    [MemberData(nameof(Services))]
    public void GeneratedMethodsMatchTheDescriptor(string serviceName)
    {
        var service = GeneratedServices.All().Single(s => s.Descriptor.FullName == serviceName);
        var bound = service.BoundMethods();
        Assert.Equal(service.Descriptor.Methods.Select(m => m.Name), bound.Select(m => m.Name));
        foreach (var md in service.Descriptor.Methods)
        {
            var method = bound.Single(m => m.Name == md.Name);
            Assert.Equal($"/{service.Descriptor.FullName}/{md.Name}", method.FullName);
            var expected = (md.IsClientStreaming, md.IsServerStreaming) switch
            {
                (false, false) => MethodType.Unary,
                (true, false) => MethodType.ClientStreaming,
                (false, true) => MethodType.ServerStreaming,
                _ => MethodType.DuplexStreaming,
            };
            Assert.Equal(expected, method.Type);
            var args = method.GetType().GetGenericArguments();
            Assert.Equal(md.InputType.ClrType, args[0]);
            Assert.Equal(md.OutputType.ClrType, args[1]);
        }
    }

    [Fact]
    public void GetByDigestStreamsChunks()
    {
        var getByDigest = GeneratedServices.All().Single(s => s.Type == typeof(Greentic.Distributor.V1.DistributorService))
            .BoundMethods().Single(m => m.Name == "GetByDigest");
        Assert.Equal(MethodType.ServerStreaming, getByDigest.Type);
    }

    [Fact]
    public void ServerBaseAnswersUnimplementedUntilOverridden()
    {
        var impl = new EmptyProvider();
        var ex = Assert.Throws<RpcException>(() => impl.Invoke(new Greentic.Provider.V1.InvokeRequest(), null!).GetAwaiter().GetResult());
        Assert.Equal(StatusCode.Unimplemented, ex.StatusCode);
    }

    [Fact]
    public void BindServiceRegistersEveryMethodOfTheService()
    {
        var provider = GeneratedServices.All().Single(s => s.Type == typeof(Greentic.Provider.V1.ProviderService));
        Assert.Equal(typeof(Greentic.Provider.V1.ProviderService.ProviderServiceBase), provider.Base);
        Assert.Equal(["Describe", "ValidateConfig", "Healthcheck", "Invoke"], provider.BoundMethods().Select(m => m.Name));
    }

    private sealed class EmptyProvider : Greentic.Provider.V1.ProviderService.ProviderServiceBase;
}
