using Wasmtime;
using Wasmtime.Components;

namespace Greentic.ComponentHost.Internal;

/// <summary>
/// Runs one export call the way upstream does: a fresh store and instance per call, dropped afterwards whatever
/// happened (a trap poisons a store). Steps:
/// (1) take a reference on the compiled component, so a concurrent reload cannot free it;
/// (2) work out the deadline and publish the call for host imports on this thread;
/// (3) make the store through the <see cref="StoreFactory"/> (WASI, limits, epoch deadline);
/// (4) instantiate with the linker of the component's grants;
/// (5) look up the export and call it, byte lists in bulk;
/// (6) classify any failure into one <see cref="ComponentException"/>.
/// </summary>
internal sealed class CallRunner(StoreFactory stores, ComponentHostOptions options, TimeProvider time)
{
    public const string SchemaCoreApi = "greentic:provider-schema-core/schema-core-api@1.0.0";

    public byte[] Run(CompiledComponent compiled, ComponentLinker linker, ComponentLimits limits, ComponentCallContext context,
        string function, string? text, bool hasBytes, ReadOnlySpan<byte> bytes)
    {
        var export = $"{SchemaCoreApi}#{function}";
        if (hasBytes && bytes.Length > limits.MaxInputBytes)
            throw new ComponentException(ComponentErrorKind.ResourceExhausted,
                $"{export}: an input of {bytes.Length} bytes exceeds the limit of {limits.MaxInputBytes} bytes", export);

        // (1)
        if (!compiled.TryAcquire()) throw new ObjectDisposedException(nameof(ProviderComponent));
        try
        {
            // (2)
            var now = time.GetUtcNow();
            var deadline = now + (context.Timeout ?? limits.DefaultTimeout);
            if (context.Deadline is { } d && d < deadline) deadline = d;
            using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken);
            var budget = deadline - now;
            var call = new CallState(context, compiled.Digest, deadline, time, cancellation.Token);
            if (budget <= TimeSpan.Zero)
                throw new ComponentException(ComponentErrorKind.DeadlineExceeded, $"{export}: the deadline passed before the call started", export);
            context.CancellationToken.ThrowIfCancellationRequested();
            cancellation.CancelAfter(budget);
            using var scope = call.Enter();

            // (3)
            using var callStore = stores.Create(call, limits);
            var instantiating = true;
            try
            {
                // (4)
                var instance = linker.Instantiate(callStore.Store, compiled.Component);
                instantiating = false;
                // (5)
                var index = compiled.GetExport(SchemaCoreApi, function)
                    ?? throw MissingExport(export);
                var target = instance.GetFunction(index) ?? throw MissingExport(export);
                return options.ByteListTransfer == ByteListTransfer.Bulk && BulkByteListCall.IsAvailable
                    ? BulkByteListCall.Call(callStore.Store, target, text, hasBytes, bytes, limits.MaxOutputBytes)
                    : PerElementByteListCall.Call(target, text, hasBytes, bytes, limits.MaxOutputBytes);
            }
            catch (Exception e) when (e is WasmtimeException or ComponentException)
            {
                // (6)
                var failure = FailureClassifier.Classify(e, call, export, instantiating, limits);
                var tenant = context.Tenant;
                Log.CallFailed(context.Logger, export, compiled.Digest, tenant.Env, tenant.Tenant, failure.Kind);
                throw failure;
            }
        }
        finally
        {
            compiled.Release();
        }
    }

    /// <summary>Instantiates without calling anything: proves every import is satisfied (used at load).</summary>
    public void Probe(CompiledComponent compiled, ComponentLinker linker, ComponentLimits limits)
    {
        var context = new ComponentCallContext { Tenant = new TenantScope("host", "load-check"), Timeout = TimeSpan.FromSeconds(5) };
        var call = new CallState(context, compiled.Digest, time.GetUtcNow() + context.Timeout.Value, time, CancellationToken.None);
        using var scope = call.Enter();
        using var callStore = stores.Create(call, limits);
        try
        {
            linker.Instantiate(callStore.Store, compiled.Component);
        }
        catch (WasmtimeException e)
        {
            throw FailureClassifier.Classify(e, call, "instantiate", instantiating: true, limits);
        }
        if (compiled.GetExport(SchemaCoreApi, "invoke") is null && compiled.Component.GetExport(SchemaCoreApi) is null)
            throw MissingExport(SchemaCoreApi);
    }

    private static ComponentException MissingExport(string export) =>
        new(ComponentErrorKind.MissingExport, $"the component does not export {export}", export);
}
