using Greentic.Packs.Cbor;

namespace Greentic.Packs.Manifest;

public sealed record SecretScope(string Env, string Tenant, string? Team = null)
{
    public CborMap ToCbor() => new CborMapBuilder().Add("env", Env).Add("tenant", Tenant).Add("team", Team).Build();
}

/// <summary>Mirrors upstream's and the distributor's <c>secret-requirement</c>: format is bytes | text | json.</summary>
public sealed record SecretRequirement
{
    public required string Key { get; init; }
    public bool Required { get; init; } = true;
    public string? Description { get; init; }
    public SecretScope? Scope { get; init; }
    public string? Format { get; init; }
    public CborValue? Schema { get; init; }
    public IReadOnlyList<string> Examples { get; init; } = [];

    public CborMap ToCbor() => new CborMapBuilder()
        .Add("key", Key).Add("required", Required).Add("description", Description).Add("scope", Scope?.ToCbor())
        .Add("format", Format).Add("schema", Schema).Add("examples", Examples.Count == 0 ? null : new CborArray(Examples.Select(e => (CborValue)e)))
        .Build();

    internal static SecretRequirement FromCbor(CborValue v, string pack, string path)
    {
        var f = new CborFields(v, pack, path);
        var format = f.OptText("format");
        if (format is not null and not ("bytes" or "text" or "json")) throw f.Error("format", $"'{format}' is not one of bytes, text, json");
        SecretScope? scope = null;
        if (f.OptMap("scope") is { } sf) scope = new SecretScope(sf.Text("env"), sf.Text("tenant"), sf.OptText("team"));
        return new SecretRequirement
        {
            Key = f.Text("key"), Required = f.Bool("required", true), Description = f.OptText("description"),
            Scope = scope, Format = format, Schema = f.Raw("schema"), Examples = f.TextList("examples"),
        };
    }
}
