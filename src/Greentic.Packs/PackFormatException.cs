namespace Greentic.Packs;

/// <summary>
/// A pack, manifest, index or key was refused. The message always names the pack (or file) and the problem,
/// so an operator can act on it: <c>"demo.gtpack: entry '../x' escapes the pack root"</c>.
/// </summary>
public class PackFormatException : Exception
{
    public PackFormatException(string pack, string problem, Exception? inner = null)
        : base($"{pack}: {problem}", inner)
    {
        Pack = pack;
        Problem = problem;
    }

    /// <summary>The pack (file name, locator or label) the problem was found in.</summary>
    public string Pack { get; }

    /// <summary>What was wrong, without the pack name.</summary>
    public string Problem { get; }
}

/// <summary>A pack was well formed but failed verification (signature, digest or SBOM hash).</summary>
public sealed class PackVerificationException : PackFormatException
{
    public PackVerificationException(string pack, string problem, Exception? inner = null)
        : base(pack, problem, inner) { }
}
