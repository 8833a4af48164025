using Greentic.TestSupport;
namespace Greentic.Sidecar.Host.Tests.Resilience;

/// <summary>Whether a process id is a live process (not gone, not a zombie), read from /proc.</summary>
internal static class ProcessProbe
{
    public static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // "pid (comm) S ..." — the state letter follows the last ')'.
            var state = stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[0];
            return state is not ("Z" or "X");
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or IOException)
        {
            return false;
        }
    }

    public static async Task WaitUntilGoneAsync(int pid, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (IsAlive(pid))
        {
            if (DateTime.UtcNow > until) throw new TimeoutException($"process {pid} is still alive after {timeout.TotalSeconds} s");
            await Task.Delay(50);
        }
    }
}
