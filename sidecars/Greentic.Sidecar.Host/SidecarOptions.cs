using Greentic.ComponentHost;

namespace Greentic.Sidecar.Host;

/// <summary>Command-line options of the sidecar (see sidecars/README.md).</summary>
internal sealed record SidecarOptions
{
    public const string Usage =
        "usage: greentic-sidecar --listen unix:///path|127.0.0.1:PORT|https://HOST:PORT [--control-plane ADDR]\n" +
        "         [--tls-cert F --tls-key F] [--tls-ca F] [--client-ca F]\n" +
        "         [--component PATH.wasm [--provider-type T]]... [--grant state|state-read|secrets|http|telemetry]...";

    /// <summary>Where ProviderService is served: a Unix socket, loopback h2c, or TLS (the remote gateway form).</summary>
    public required string Listen { get; init; }

    /// <summary>Where Secrets/State/Http live for callbacks (null: calls that need them fail).</summary>
    public string? ControlPlane { get; init; }

    /// <summary>This sidecar's identity: its client certificate on https:// callbacks, its server certificate on an https:// listener.</summary>
    public string? TlsCert { get; init; }
    public string? TlsKey { get; init; }

    /// <summary>The CA an https:// control plane's certificate must chain to.</summary>
    public string? TlsCa { get; init; }

    /// <summary>The CA callers' client certificates must chain to (an https:// listener requires one).</summary>
    public string? ClientCa { get; init; }

    /// <summary>Wasm components to serve instead of the C# sample providers, each with its provider type (null: from its describe).</summary>
    public IReadOnlyList<ComponentOption> Components { get; init; } = [];

    /// <summary>Host imports granted to every component (secrets, http and telemetry always; state only when asked).</summary>
    public HostCapabilities Grants { get; init; } = HostCapabilities.Default;

    public bool ListensOnTls => Listen.StartsWith("https://", StringComparison.Ordinal);

    public static SidecarOptions Parse(string[] args)
    {
        string? listen = null, controlPlane = null, tlsCert = null, tlsKey = null, tlsCa = null, clientCa = null;
        var components = new List<ComponentOption>();
        var grants = HostCapabilities.Default;
        for (var i = 0; i < args.Length; i++)
        {
            var (name, inline) = Split(args[i]);
            string Value() => inline ?? (i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{name} needs a value\n{Usage}"));
            switch (name)
            {
                case "--listen": listen = Value(); break;
                case "--control-plane": controlPlane = Value(); break;
                case "--tls-cert": tlsCert = Value(); break;
                case "--tls-key": tlsKey = Value(); break;
                case "--tls-ca": tlsCa = Value(); break;
                case "--client-ca": clientCa = Value(); break;
                case "--component": components.Add(new ComponentOption(Value(), null)); break;
                case "--provider-type":
                    var type = Value();
                    if (components.Count == 0 || components[^1].ProviderType is not null)
                        throw new ArgumentException($"--provider-type {type} must follow the --component it names");
                    components[^1] = components[^1] with { ProviderType = type };
                    break;
                case "--grant":
                    foreach (var grant in Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)) grants |= Grant(grant);
                    break;
                default:
                    // Unknown arguments are left to the host's own configuration (e.g. --urls, --Logging:...).
                    break;
            }
        }
        if (listen is null) throw new ArgumentException(Usage);
        var options = new SidecarOptions
        {
            Listen = listen, ControlPlane = controlPlane, TlsCert = tlsCert, TlsKey = tlsKey, TlsCa = tlsCa, ClientCa = clientCa,
            Components = components, Grants = grants,
        };
        if (options.ListensOnTls && (tlsCert is null || tlsKey is null || clientCa is null))
            throw new ArgumentException($"--listen {listen} needs --tls-cert and --tls-key (this gateway's certificate) and --client-ca (whose client certificates it accepts)");
        return options;
    }

    private static (string Name, string? Inline) Split(string arg)
    {
        var eq = arg.IndexOf('=');
        return arg.StartsWith("--", StringComparison.Ordinal) && eq > 2 ? (arg[..eq], arg[(eq + 1)..]) : (arg, null);
    }

    private static HostCapabilities Grant(string name) => name switch
    {
        "state" => HostCapabilities.StateRead | HostCapabilities.StateWrite,
        "state-read" => HostCapabilities.StateRead,
        "secrets" => HostCapabilities.Secrets,
        "http" => HostCapabilities.Http,
        "telemetry" => HostCapabilities.Telemetry,
        _ => throw new ArgumentException($"--grant {name}: not one of state, state-read, secrets, http, telemetry"),
    };
}

/// <summary>One <c>--component PATH [--provider-type T]</c>.</summary>
internal sealed record ComponentOption(string Path, string? ProviderType);
