using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Greentic.ControlPlane.Routing;

/// <summary>
/// Passes YAML events through, refusing nesting deeper than <see cref="MaxDepth"/>. YamlDotNet builds its node tree
/// recursively, so a file of a few hundred thousand '[' would overflow the stack — a crash no catch can stop. No
/// policy file needs more than a handful of levels.
/// </summary>
internal sealed class DepthLimitedParser(IParser inner) : IParser
{
    public const int MaxDepth = 64;
    private int _depth;

    public ParsingEvent? Current => inner.Current;

    public bool MoveNext()
    {
        if (!inner.MoveNext()) return false;
        switch (inner.Current)
        {
            case MappingStart or SequenceStart:
                if (++_depth > MaxDepth)
                    throw new YamlException(inner.Current.Start, inner.Current.End, $"nested deeper than {MaxDepth} levels; a policy file needs only a few");
                break;
            case MappingEnd or SequenceEnd:
                _depth--;
                break;
        }
        return true;
    }
}
