using System.CommandLine;

/// <summary>Every top-level verb of the greentic command.</summary>
internal static class CommandCatalog
{
    public static IEnumerable<Command> All() => [];
}
