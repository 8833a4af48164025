namespace Greentic.ComponentHost;

/// <summary>
/// Decides whether a component may reach a URL. Asked before the first request and again for every redirect hop.
/// The control plane plugs in its tenant egress policy; the CLI a HOST:PORT allow-list.
/// </summary>
public interface IEgressPolicy
{
    bool IsAllowed(Uri uri);

    /// <summary>Why <paramref name="uri"/> is refused, for the error the caller sees (never a secret).</summary>
    string DenialReason(Uri uri) => "it is not in the egress allow-list";
}

/// <summary>An <see cref="IEgressPolicy"/> from a predicate.</summary>
public sealed class EgressPredicate(Func<Uri, bool> allow) : IEgressPolicy
{
    public static readonly EgressPredicate DenyAll = new(_ => false);
    public bool IsAllowed(Uri uri) => allow(uri);
}
