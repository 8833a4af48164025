namespace Greentic.Sidecar.Host;

/// <summary>Command-line options of the sidecar (see sidecars/README.md).</summary>
internal sealed record SidecarOptions(string Listen, string? ControlPlane, string? TlsCert, string? TlsKey, string? TlsCa)
{
    public static SidecarOptions Parse(string[] args)
    {
        string? Value(string name)
        {
            var i = Array.IndexOf(args, name);
            if (i >= 0 && i + 1 < args.Length) return args[i + 1];
            var prefix = name + "=";
            return args.FirstOrDefault(a => a.StartsWith(prefix, StringComparison.Ordinal))?[prefix.Length..];
        }
        var listen = Value("--listen") ?? throw new ArgumentException(
            "usage: greentic-sidecar --listen unix:///path|127.0.0.1:PORT [--control-plane ADDR] [--tls-cert F --tls-key F --tls-ca F]");
        return new SidecarOptions(listen, Value("--control-plane"), Value("--tls-cert"), Value("--tls-key"), Value("--tls-ca"));
    }
}
