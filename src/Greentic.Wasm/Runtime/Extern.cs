namespace Greentic.Wasm;

/// <summary>Something an instance can import or export: a <see cref="Function"/>, <see cref="Table"/>,
/// <see cref="Memory"/> or <see cref="Global"/>.</summary>
public abstract class Extern
{
    private protected Extern() { }

    public abstract ExternKind Kind { get; }
}
