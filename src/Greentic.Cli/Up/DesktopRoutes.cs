namespace Greentic.Cli.Up;

/// <summary>
/// The demo routing policy of <c>greentic up</c> (<c>routes/desktop.yaml</c>): <c>echo</c> in-process, and
/// <c>messaging.dummy</c> on the supervised sample sidecar — or, with <c>--no-sidecar</c>, in-process too, so no rule
/// points at a socket nothing will ever listen on. While the file is as <c>up</c> wrote it, each start rewrites it for
/// the mode it runs in; once someone edits it, it is theirs and is left alone.
/// </summary>
internal static class DesktopRoutes
{
    public const string FileName = "desktop.yaml";

    /// <returns>False when the file was edited by hand and kept as it is.</returns>
    public static async Task<bool> WriteAsync(string routesDir, string sidecarSocket, bool sidecar, CancellationToken cancellationToken)
    {
        var path = Path.Combine(routesDir, FileName);
        var wanted = Content(sidecarSocket, sidecar);
        if (File.Exists(path))
        {
            var current = await File.ReadAllTextAsync(path, cancellationToken);
            if (current == wanted) return true;
            if (current != Content(sidecarSocket, !sidecar)) return false;
        }
        await File.WriteAllTextAsync(path, wanted, cancellationToken);
        return true;
    }

    internal static string Content(string sidecarSocket, bool sidecar) => Header + (sidecar ? SidecarRule(sidecarSocket) : InProcRule);

    private const string Header = """
        # Written by `greentic up`; edit freely — changes are picked up without a restart.
        version: 1
        rules:
          - name: echo
            match: { provider_type: echo }
            binding: { transport: inproc, target: echo, timeout: 10s }

        """;

    private static string SidecarRule(string sidecarSocket) => $$"""
          - name: dummy-sidecar
            match: { provider_type: messaging.dummy }
            binding:
              transport: sidecar
              target: unix://{{sidecarSocket}}
              timeout: 10s
              retry: { max_attempts: 3, base_delay: 100ms, max_delay: 2s }
              breaker: { failure_ratio: 0.5, min_throughput: 10, break_duration: 5s }
              secrets: [dummy/api_token]
        """;

    private const string InProcRule = """
          - name: dummy-inproc
            match: { provider_type: messaging.dummy }
            binding: { transport: inproc, target: messaging.dummy, timeout: 10s, secrets: [dummy/api_token] }
        """;
}
