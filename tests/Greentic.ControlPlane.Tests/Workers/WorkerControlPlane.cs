using Greentic.Providers;
using Microsoft.Extensions.DependencyInjection;

namespace Greentic.ControlPlane.Tests.Workers;

/// <summary>
/// A control plane whose tenants reach the sample worker <c>worker.echo</c> three ways: <c>acme</c> in-process,
/// <c>globex</c> on the C# sidecar and <c>initech</c> on the Node sidecar (both real processes on Unix sockets) — one
/// routing rule for the capability <c>worker</c>, overridden per tenant. <c>worker.broken</c> is an in-process worker
/// that breaks the exec contract.
/// </summary>
public sealed class WorkerControlPlane : InProcessControlPlane
{
    public SidecarProcess CSharpSidecar { get; private set; } = null!;
    public SidecarProcess NodeSidecar { get; private set; } = null!;

    protected override async Task ConfigureAsync(Dictionary<string, string?> settings)
    {
        CSharpSidecar = await SidecarProcess.StartAsync("csharp");
        NodeSidecar = await SidecarProcess.StartAsync("node");
    }

    protected override string RoutesYaml => $$"""
        version: 1
        rules:
          - name: workers
            match: { capability: worker }
            binding: { transport: inproc, target: workers, timeout: 30s }
          - name: globex-workers
            match: { tenant: globex, capability: worker }
            binding: { transport: sidecar, target: "unix://{{CSharpSidecar.Socket}}", timeout: 30s }
          - name: initech-workers
            match: { tenant: initech, capability: worker }
            binding: { transport: sidecar, target: "unix://{{NodeSidecar.Socket}}", timeout: 30s }
        """;

    protected override void ConfigureServices(IServiceCollection services)
    {
        services.AddSingleton<IProvider, BrokenWorker>();
        base.ConfigureServices(services);
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (CSharpSidecar is not null) await CSharpSidecar.DisposeAsync();
        if (NodeSidecar is not null) await NodeSidecar.DisposeAsync();
    }

    /// <summary>Answers exec with messages that have no kind.</summary>
    private sealed class BrokenWorker : IProvider
    {
        public string ProviderType => "worker.broken";
        public byte[] Describe() => ProviderJson.Describe(ProviderType, ["worker"], ["exec"]);
        public Task<byte[]> ValidateConfigAsync(ReadOnlyMemory<byte> configJson, ProviderCallContext context) => Task.FromResult(ProviderJson.HealthOk());
        public Task<byte[]> HealthcheckAsync(ProviderCallContext context) => Task.FromResult(ProviderJson.HealthOk());
        public Task<byte[]> InvokeAsync(string op, ReadOnlyMemory<byte> inputJson, ProviderCallContext context) =>
            Task.FromResult("""{"ok":true,"messages":[{"payload_json":"{}"}]}"""u8.ToArray());
    }
}
