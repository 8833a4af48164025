using System.Text.Json.Nodes;
using Greentic.Packs.Cbor;

namespace Greentic.Packs.Inspection;

/// <summary>The JSON form of a <see cref="PackInspection"/> (snake_case keys, like the manifest's).</summary>
internal static class PackInspectionJson
{
    public static JsonObject Render(PackInspection r) => new()
    {
        ["file"] = r.File,
        ["digest"] = r.FileDigest,
        ["size"] = r.FileSize,
        ["file_count"] = r.FileCount,
        ["pack_id"] = r.PackId,
        ["name"] = r.Name,
        ["version"] = r.Version,
        ["kind"] = r.Kind,
        ["publisher"] = r.Publisher,
        ["schema_version"] = r.SchemaVersion,
        ["manifest_canonical"] = r.ManifestCanonical,
        ["integrity"] = new JsonObject { ["ok"] = r.IntegrityProblem is null, ["problem"] = r.IntegrityProblem },
        ["signature"] = new JsonObject
        {
            ["state"] = r.Signature.State.ToString().ToLowerInvariant() switch { "notchecked" => "not_checked", var x => x },
            ["signer"] = r.Signature.Signer,
            ["key_ids"] = Strings(r.Signature.KeyIds),
            ["covers_files"] = r.Signature.CoversFiles,
            ["detail"] = r.Signature.Detail,
        },
        ["providers"] = Array(r.Providers, p => new JsonObject
        {
            ["provider_type"] = p.ProviderType, ["ops"] = Strings(p.Ops), ["capabilities"] = Strings(p.Capabilities),
            ["component"] = p.ComponentId, ["export"] = p.Export, ["world"] = p.World, ["config_schema_ref"] = p.ConfigSchemaRef,
        }),
        ["components"] = Array(r.Components, c => new JsonObject
        {
            ["id"] = c.Id, ["version"] = c.Version, ["world"] = c.World, ["size"] = c.Size, ["digest"] = c.Digest,
            ["supports"] = Strings(c.Supports), ["operations"] = Strings(c.Operations), ["capabilities"] = Strings(c.Capabilities),
        }),
        ["flows"] = Array(r.Flows, f => new JsonObject
        {
            ["id"] = f.Id, ["kind"] = f.Kind, ["node_count"] = f.NodeCount, ["tags"] = Strings(f.Tags),
            ["entrypoints"] = new JsonObject(f.Entrypoints.Select(e => KeyValuePair.Create(e.Key, (JsonNode?)e.Value))),
        }),
        ["secret_requirements"] = Array(r.SecretRequirements, x => CborJson.ToJson(x.ToCbor())!.AsObject()),
        ["fixtures"] = Array(r.Fixtures, f => new JsonObject { ["name"] = f.Name, ["path"] = f.Path, ["size"] = f.Size }),
        ["extensions"] = Strings(r.Extensions),
    };

    private static JsonArray Strings(IEnumerable<string> items) => new(items.Select(i => (JsonNode?)i).ToArray());

    private static JsonArray Array<T>(IEnumerable<T> items, Func<T, JsonObject> item) => new(items.Select(i => (JsonNode?)item(i)).ToArray());
}
