namespace Greentic.ComponentHost;

/// <summary>
/// The one exception a component load or call throws. <see cref="Kind"/> says what happened;
/// <see cref="Subject"/> names the export or import concerned, when there is one. The process always survives:
/// the store the call ran in is dropped.
/// </summary>
public sealed class ComponentException : Exception
{
    public ComponentException(ComponentErrorKind kind, string message, string? subject = null, Exception? inner = null)
        : base(message, inner)
    {
        Kind = kind;
        Subject = subject;
    }

    public ComponentErrorKind Kind { get; }

    /// <summary>The export (<c>iface#func</c>) or import (<c>pkg:ns/iface@ver</c>) concerned, if any.</summary>
    public string? Subject { get; }
}
