using Greentic.ComponentHost.Internal;
using Wasmtime.Components;

namespace Greentic.ComponentHost;

/// <summary>
/// A loaded provider component with its grants and limits: the provider contract
/// (<c>greentic:provider-schema-core/schema-core-api@1.0.0</c>) over JSON bytes. Every call runs in a fresh store and
/// instance. Thread-safe; calls are synchronous (they block the calling thread while the guest runs) — use the
/// <c>…Async</c> forms to run them on the thread pool. Disposing it while calls are in flight is safe: they finish
/// on this component, which is freed after the last one.
/// </summary>
public sealed class ProviderComponent : IDisposable
{
    private readonly CompiledComponent compiled;
    private readonly ComponentLinker linker;
    private readonly CallRunner runner;
    private int disposed;

    internal ProviderComponent(CompiledComponent compiled, ComponentLinker linker, CallRunner runner,
        HostCapabilities grants, ComponentLimits limits)
    {
        this.compiled = compiled;
        this.linker = linker;
        this.runner = runner;
        Grants = grants;
        Limits = limits;
    }

    public string Digest => compiled.Digest;
    public HostCapabilities Grants { get; }
    public ComponentLimits Limits { get; }

    /// <summary><c>describe() -> list&lt;u8&gt;</c>: the provider's JSON description.</summary>
    public byte[] Describe(ComponentCallContext context) => Run(context, "describe", null, false, default);

    /// <summary><c>validate-config(config-json) -> list&lt;u8&gt;</c>.</summary>
    public byte[] ValidateConfig(ComponentCallContext context, ReadOnlySpan<byte> configJson) =>
        Run(context, "validate-config", null, true, configJson);

    /// <summary><c>healthcheck() -> list&lt;u8&gt;</c>.</summary>
    public byte[] Healthcheck(ComponentCallContext context) => Run(context, "healthcheck", null, false, default);

    /// <summary><c>invoke(op, input-json) -> list&lt;u8&gt;</c>. Failures the provider reports travel inside the JSON
    /// (<c>{"ok":false,…}</c>); a <see cref="ComponentException"/> means the call itself failed.</summary>
    public byte[] Invoke(ComponentCallContext context, string op, ReadOnlySpan<byte> inputJson)
    {
        ArgumentNullException.ThrowIfNull(op);
        return Run(context, "invoke", op, true, inputJson);
    }

    public Task<byte[]> DescribeAsync(ComponentCallContext context) => OnPool(context, () => Describe(context));
    public Task<byte[]> ValidateConfigAsync(ComponentCallContext context, ReadOnlyMemory<byte> configJson) =>
        OnPool(context, () => ValidateConfig(context, configJson.Span));
    public Task<byte[]> HealthcheckAsync(ComponentCallContext context) => OnPool(context, () => Healthcheck(context));
    public Task<byte[]> InvokeAsync(ComponentCallContext context, string op, ReadOnlyMemory<byte> inputJson) =>
        OnPool(context, () => Invoke(context, op, inputJson.Span));

    private static Task<byte[]> OnPool(ComponentCallContext context, Func<byte[]> call) =>
        Task.Factory.StartNew(call, context.CancellationToken, TaskCreationOptions.DenyChildAttach, TaskScheduler.Default);

    private byte[] Run(ComponentCallContext context, string function, string? text, bool hasBytes, ReadOnlySpan<byte> bytes)
    {
        ArgumentNullException.ThrowIfNull(context);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref disposed) != 0, this);
        return runner.Run(compiled, linker, Limits, context, function, text, hasBytes, bytes);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 0) compiled.Release();
    }
}
