namespace Greentic.Conformance;

/// <summary>What to certify and how to reach it (<c>greentic conformance TARGET …</c>).</summary>
public sealed record ConformanceOptions
{
    /// <summary>A provider address (<c>unix:///path</c>, <c>http://host:port</c>, <c>https://host:port</c>) or a component file (<c>.wasm</c>).</summary>
    public required string Target { get; init; }

    /// <summary>The provider type to call; required for an address, else the component's describe names it.</summary>
    public string? ProviderType { get; init; }

    /// <summary>For an <c>https://</c> target: the client certificate and key to present, and the CA its server certificate must chain to.</summary>
    public string? ClientCertificateFile { get; init; }
    public string? ClientKeyFile { get; init; }
    public string? TrustedCaFile { get; init; }

    /// <summary>
    /// How to start the target (an address target): program and arguments; <see cref="ControlPlanePlaceholder"/> is
    /// replaced by the suite's control plane address, and the process gets a callback token in
    /// <c>GREENTIC_SIDECAR_TOKEN</c>. Empty: the target already runs, and checks that need its callbacks are n/a.
    /// </summary>
    public IReadOnlyList<string> StartCommand { get; init; } = [];

    /// <summary>How long to wait for the target to answer before the checks start.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Where the suite's control plane keeps its files (null: a fresh temp folder, deleted afterwards).</summary>
    public string? WorkDirectory { get; init; }

    public const string ControlPlanePlaceholder = "{control_plane}";

    public bool TargetIsComponent => Target.EndsWith(".wasm", StringComparison.OrdinalIgnoreCase) || File.Exists(Target);
}
