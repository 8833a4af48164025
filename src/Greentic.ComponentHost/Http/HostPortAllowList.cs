using System.Collections.Frozen;

namespace Greentic.ComponentHost;

/// <summary>Allows exactly the listed <c>HOST:PORT</c> pairs (host compared case-insensitively; IPv6 as <c>[::1]:8080</c>).</summary>
public sealed class HostPortAllowList : IEgressPolicy
{
    private readonly FrozenSet<string> entries;

    public HostPortAllowList(IEnumerable<string> hostPorts)
    {
        entries = hostPorts.Select(Normalize).ToFrozenSet(StringComparer.OrdinalIgnoreCase);
    }

    public bool IsAllowed(Uri uri) => uri.IsAbsoluteUri && entries.Contains($"{uri.IdnHost}:{uri.Port}");

    /// <summary>Parses one <c>HOST:PORT</c>; throws <see cref="FormatException"/> with a message a person can act on.</summary>
    public static string Normalize(string hostPort)
    {
        var colon = hostPort.LastIndexOf(':');
        if (colon <= 0 || colon == hostPort.Length - 1 || !ushort.TryParse(hostPort.AsSpan(colon + 1), out var port) || port == 0)
            throw new FormatException($"'{hostPort}' is not HOST:PORT (e.g. api.telegram.org:443 or 127.0.0.1:8080)");
        var host = hostPort[..colon].Trim('[', ']');
        if (Uri.CheckHostName(host) == UriHostNameType.Unknown) throw new FormatException($"'{host}' is not a host name or address");
        var uri = new Uri($"http://{(host.Contains(':') ? $"[{host}]" : host)}:{port}/");
        return $"{uri.IdnHost}:{port}";
    }
}
