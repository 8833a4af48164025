using System.Reflection;
using Google.Protobuf.Reflection;
using Greentic.Rpc;

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
        foreach (var md in service.Descriptor.Methods)
        {
            var field = service.Type.GetField(md.Name + "Method", BindingFlags.Public | BindingFlags.Static);
            Assert.True(field is not null, $"{service.Type.Name} lacks {md.Name}Method");
            var method = (IMethod)field!.GetValue(null)!;
            Assert.Equal($"/{service.Descriptor.FullName}/{md.Name}", method.FullName);
            var expected = (md.IsClientStreaming, md.IsServerStreaming) switch
            {
                (false, false) => MethodType.Unary,
                (true, false) => MethodType.ClientStreaming,
                (false, true) => MethodType.ServerStreaming,
                _ => MethodType.DuplexStreaming,
            };
            Assert.Equal(expected, method.Type);
            var args = field.FieldType.GetGenericArguments();
            Assert.Equal(md.InputType.ClrType, args[0]);
            Assert.Equal(md.OutputType.ClrType, args[1]);
        }
    }

    [Fact]
    public void GetByDigestStreamsChunks()
    {
        Assert.Equal(MethodType.ServerStreaming, Greentic.Distributor.V1.DistributorService.GetByDigestMethod.Type);
    }

    [Fact]
    public void ServerBaseAnswersUnimplementedUntilOverridden()
    {
        var impl = new EmptyProvider();
        var ex = Assert.Throws<RpcException>(() => impl.Invoke(new Greentic.Provider.V1.InvokeRequest(), null!).GetAwaiter().GetResult());
        Assert.Equal(StatusCode.Unimplemented, ex.StatusCode);
        Assert.Contains("Invoke", ex.Status.Detail);
    }

    [Fact]
    public void BindServiceRegistersEveryMethodWithItsHandler()
    {
        var binder = new RecordingBinder<EmptyProvider>();
        Greentic.Provider.V1.ProviderService.BindService(binder);
        Assert.Equal(["Describe", "ValidateConfig", "Healthcheck", "Invoke"], binder.Names);
    }

    private sealed class EmptyProvider : Greentic.Provider.V1.ProviderService.ProviderServiceBase;

    private sealed class RecordingBinder<TService> : IServiceMethodBinder<TService> where TService : class
    {
        public List<string> Names { get; } = [];
        public void AddUnaryMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, Func<TService, TRequest, ServerCallContext, Task<TResponse>> handler) => Names.Add(method.Name);
        public void AddClientStreamingMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, Func<TService, IAsyncStreamReader<TRequest>, ServerCallContext, Task<TResponse>> handler) => Names.Add(method.Name);
        public void AddServerStreamingMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, Func<TService, TRequest, IServerStreamWriter<TResponse>, ServerCallContext, Task> handler) => Names.Add(method.Name);
        public void AddDuplexStreamingMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, Func<TService, IAsyncStreamReader<TRequest>, IServerStreamWriter<TResponse>, ServerCallContext, Task> handler) => Names.Add(method.Name);
    }
}
