namespace Greentic.Packs.Building;

/// <summary>Upstream's FlowKind values: what <c>supports</c> and a flow's kind may say for upstream to read the pack.</summary>
internal static class FlowKinds
{
    public static readonly string[] All = ["messaging", "event", "component_config", "job", "http"];

    public static void Check(string kind, string what, string field)
    {
        if (Array.IndexOf(All, kind) < 0)
            throw new PackFormatException(what, $"{field} '{kind}' is not a flow kind upstream reads ({string.Join(", ", All)})");
    }
}
