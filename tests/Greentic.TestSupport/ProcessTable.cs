namespace Greentic.TestSupport;

/// <summary>The processes running on this machine, from <c>/proc</c>: to prove none was left behind.</summary>
public static class ProcessTable
{
    /// <summary>Live processes whose command line contains <paramref name="fragment"/> (e.g. a test's data folder).</summary>
    public static IReadOnlyList<(int Pid, string CommandLine)> Matching(string fragment)
    {
        var found = new List<(int, string)>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            try
            {
                var commandLine = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ').Trim();
                if (commandLine.Contains(fragment, StringComparison.Ordinal) && !IsZombie(dir)) found.Add((pid, commandLine));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Exited while we looked.
            }
        }
        return found;
    }

    private static bool IsZombie(string dir)
    {
        var stat = File.ReadAllText(Path.Combine(dir, "stat"));
        var afterName = stat.LastIndexOf(')');
        return afterName > 0 && stat.Length > afterName + 2 && stat[afterName + 2] == 'Z';
    }
}
