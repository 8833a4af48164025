using Greentic.Packs.Cbor;

namespace Greentic.Packs.Manifest;

/// <summary>
/// What a component's manifest grants it, as upstream's <c>ComponentCapabilities</c> expresses it:
/// <c>{wasi: {filesystem?: {mode, mounts}, env?: {allow}, random, clocks}, host: {secrets?: {required},
/// state?: {read, write}, messaging?: {inbound, outbound}, events?: {inbound, outbound}, http?: {client, server},
/// telemetry?: {scope}, iac?: {write_templates, execute_plans}}}</c>. A host capability that is absent is not granted.
/// <see cref="Raw"/> keeps the map as written (unknown keys included) and is what the writer writes back.
/// </summary>
public sealed record ComponentCapabilities
{
    public static readonly ComponentCapabilities None = FromCbor(null, "", "capabilities");

    public required WasiCapabilities Wasi { get; init; }
    public required HostCapabilities Host { get; init; }
    /// <summary>The map as written, with <c>wasi</c> and <c>host</c> present (upstream requires both).</summary>
    public required CborMap Raw { get; init; }

    /// <summary>
    /// Whether <paramref name="name"/> is granted: <c>state</c> (read or write), <c>state.read</c>, <c>state.write</c>,
    /// <c>state.delete</c>, <c>secrets</c>, <c>http</c> (= <c>http.client</c>), <c>http.server</c>, <c>telemetry</c>,
    /// <c>messaging</c>, <c>events</c>, <c>iac</c>, <c>clocks</c>, <c>random</c>, <c>filesystem</c> (mode other than none),
    /// or any other host key present in the manifest. A <c>host.</c> or <c>wasi.</c> prefix is ignored.
    /// </summary>
    public bool Grants(string name)
    {
        if (name.StartsWith("host.", StringComparison.Ordinal) || name.StartsWith("wasi.", StringComparison.Ordinal)) name = name[5..];
        var h = Host;
        return name switch
        {
            "state" => h.State is { } s && (s.Read || s.Write),
            "state.read" => h.State?.Read == true,
            "state.write" => h.State?.Write == true,
            "state.delete" => h.State?.Delete == true,
            "secrets" => h.Secrets is not null,
            "http" or "http.client" => h.Http?.Client == true,
            "http.server" => h.Http?.Server == true,
            "telemetry" => h.Telemetry is not null,
            "messaging" => h.Messaging is { } m && (m.Inbound || m.Outbound),
            "events" => h.Events is { } e && (e.Inbound || e.Outbound),
            "iac" => h.Iac is not null,
            "clocks" => Wasi.Clocks,
            "random" => Wasi.Random,
            "filesystem" => Wasi.Filesystem.Mode != FilesystemAccess.ModeNone,
            _ => h.Other.Contains(name, StringComparer.Ordinal),
        };
    }

    /// <summary>The grants as names in upstream's style (<c>wasi:clocks</c>, <c>host:state:write</c>, <c>host:secrets</c>…).</summary>
    public IReadOnlyList<string> Names()
    {
        var names = new List<string>();
        if (Wasi.Clocks) names.Add("wasi:clocks");
        if (Wasi.Random) names.Add("wasi:random");
        if (Wasi.Filesystem.Mode != FilesystemAccess.ModeNone) names.Add($"wasi:fs:{Wasi.Filesystem.Mode}");
        if (Wasi.EnvAllow.Count > 0) names.Add("wasi:env");
        var h = Host;
        if (h.Secrets is not null) names.Add("host:secrets");
        if (h.State?.Read == true) names.Add("host:state:read");
        if (h.State?.Write == true) names.Add("host:state:write");
        if (h.State?.Delete == true) names.Add("host:state:delete");
        if (h.Messaging is not null) names.Add("host:messaging");
        if (h.Events is not null) names.Add("host:events");
        if (h.Http?.Client == true) names.Add("host:http:client");
        if (h.Http?.Server == true) names.Add("host:http:server");
        if (h.Telemetry is not null) names.Add("host:telemetry");
        if (h.Iac is not null) names.Add("host:iac");
        names.AddRange(h.Other.Select(o => $"host:{o}"));
        return names;
    }

    public static ComponentCapabilities FromCbor(CborValue? value, string pack, string path)
    {
        var raw = value is null or CborNull ? CborMap.Empty : new CborFields(value, pack, path).Map;
        if (raw["wasi"] is null) raw = raw.With("wasi", CborMap.Of(("random", false), ("clocks", false)));
        if (raw["host"] is null) raw = raw.With("host", CborMap.Empty);
        var f = new CborFields(raw, pack, path);
        return new ComponentCapabilities
        {
            Wasi = WasiCapabilities.FromCbor(f.OptMap("wasi")!, pack),
            Host = HostCapabilities.FromCbor(f.OptMap("host")!, pack),
            Raw = raw,
        };
    }
}

public sealed record WasiCapabilities(bool Clocks, bool Random, FilesystemAccess Filesystem, IReadOnlyList<string> EnvAllow)
{
    internal static WasiCapabilities FromCbor(CborFields f, string pack)
    {
        var fs = f.OptMap("filesystem");
        return new WasiCapabilities(f.Bool("clocks", false), f.Bool("random", false),
            fs is null ? FilesystemAccess.None : new FilesystemAccess(fs.OptText("mode") ?? FilesystemAccess.ModeNone,
                fs.List("mounts", (m, p) =>
                {
                    var mf = new CborFields(m, pack, p);
                    return new FilesystemMount(mf.Text("name"), mf.Text("host_class"), mf.Text("guest_path"));
                })),
            f.OptMap("env")?.TextList("allow") ?? []);
    }
}

/// <summary>WASI filesystem access: mode <c>none</c>, <c>read_only</c> or <c>sandbox</c>, and the mounts.</summary>
public sealed record FilesystemAccess(string Mode, IReadOnlyList<FilesystemMount> Mounts)
{
    public const string ModeNone = "none";
    public static readonly FilesystemAccess None = new(ModeNone, []);
}

public sealed record FilesystemMount(string Name, string HostClass, string GuestPath);

/// <summary>Host capabilities; null means not granted. <see cref="Other"/> lists host keys this model does not know.</summary>
public sealed record HostCapabilities
{
    public SecretsAccess? Secrets { get; init; }
    public StateAccess? State { get; init; }
    public DirectionalAccess? Messaging { get; init; }
    public DirectionalAccess? Events { get; init; }
    public HttpAccess? Http { get; init; }
    public TelemetryAccess? Telemetry { get; init; }
    public IacAccess? Iac { get; init; }
    public IReadOnlyList<string> Other { get; init; } = [];

    private static readonly string[] Known = ["secrets", "state", "messaging", "events", "http", "telemetry", "iac"];

    internal static HostCapabilities FromCbor(CborFields f, string pack)
    {
        static DirectionalAccess? Directional(CborFields? d) => d is null ? null : new(d.Bool("inbound", false), d.Bool("outbound", false));
        return new HostCapabilities
        {
            Secrets = f.OptMap("secrets") is { } s ? new SecretsAccess(s.List("required", (v, p) => SecretRequirement.FromCbor(v, pack, p))) : null,
            State = f.OptMap("state") is { } st ? new StateAccess(st.Bool("read", false), st.Bool("write", false), st.Bool("delete", false)) : null,
            Messaging = Directional(f.OptMap("messaging")),
            Events = Directional(f.OptMap("events")),
            Http = f.OptMap("http") is { } h ? new HttpAccess(h.Bool("client", false), h.Bool("server", false)) : null,
            Telemetry = f.OptMap("telemetry") is { } t ? new TelemetryAccess(t.OptText("scope") ?? "node") : null,
            Iac = f.OptMap("iac") is { } i ? new IacAccess(i.Bool("write_templates", false), i.Bool("execute_plans", false)) : null,
            Other = f.Extra(Known).Where(kv => kv.Value is not CborNull and not CborBool { Value: false }).Select(kv => kv.Key).ToArray(),
        };
    }
}

/// <summary>Secrets the component may read; <see cref="Required"/> lists those it declares it needs.</summary>
public sealed record SecretsAccess(IReadOnlyList<SecretRequirement> Required);

public sealed record StateAccess(bool Read, bool Write, bool Delete);

public sealed record DirectionalAccess(bool Inbound, bool Outbound);

public sealed record HttpAccess(bool Client, bool Server);

/// <summary>Telemetry scope: <c>tenant</c>, <c>pack</c> or <c>node</c>.</summary>
public sealed record TelemetryAccess(string Scope);

public sealed record IacAccess(bool WriteTemplates, bool ExecutePlans);
