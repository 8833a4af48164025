namespace Greentic.ComponentHost;

/// <summary>
/// Why a component call or load failed. The control plane maps each kind to one status:
/// <list type="table">
/// <item><term><see cref="Trap"/></term><description>INTERNAL, with the trap message</description></item>
/// <item><term><see cref="DeadlineExceeded"/></term><description>DEADLINE_EXCEEDED</description></item>
/// <item><term><see cref="ResourceExhausted"/></term><description>RESOURCE_EXHAUSTED</description></item>
/// <item><term><see cref="MissingExport"/></term><description>FAILED_PRECONDITION, naming the export</description></item>
/// <item><term><see cref="UnsatisfiedImport"/></term><description>FAILED_PRECONDITION, naming the import</description></item>
/// <item><term><see cref="InvalidComponent"/></term><description>FAILED_PRECONDITION (the bytes are not a valid component, or the digest does not match)</description></item>
/// <item><term><see cref="Cancelled"/></term><description>CANCELLED</description></item>
/// </list>
/// </summary>
public enum ComponentErrorKind
{
    /// <summary>The guest trapped (unreachable, out-of-bounds access, a host import that failed hard…).</summary>
    Trap,
    /// <summary>The call's deadline passed while the guest ran (epoch interruption) or inside a host import.</summary>
    DeadlineExceeded,
    /// <summary>A limit: memory, tables, instances, wasm stack, fuel, pooled slots, input or output size.</summary>
    ResourceExhausted,
    /// <summary>The component lacks an export the provider contract needs.</summary>
    MissingExport,
    /// <summary>The component imports something this host does not provide or the grants do not allow.</summary>
    UnsatisfiedImport,
    /// <summary>The bytes do not compile as a component for this engine, or do not match their digest.</summary>
    InvalidComponent,
    /// <summary>The caller cancelled the call.</summary>
    Cancelled,
}
