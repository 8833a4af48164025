using System.Globalization;
using System.Text.Json.Nodes;
using Greentic.Distributor.V1;
using Greentic.Packs.Cbor;
using Greentic.Packs.Runtime;
using PackCacheInfo = Greentic.Packs.Cache.CacheInfo;
using PackSecretRequirement = Greentic.Packs.Manifest.SecretRequirement;
using PackSignatureSummary = Greentic.Packs.Signing.SignatureSummary;
using WireCacheInfo = Greentic.Distributor.V1.CacheInfo;
using WireSecretRequirement = Greentic.Distributor.V1.SecretRequirement;
using WireSignatureSummary = Greentic.Distributor.V1.SignatureSummary;
using Greentic.Json;

namespace Greentic.ControlPlane.Distributor;

/// <summary>Library records → distributor wire messages (CONTRACTS.md §1, <c>greentic:distributor-api@1.1.0</c>).</summary>
internal static class DistributorMapping
{
    public static string Iso(DateTimeOffset? time) =>
        time?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture) ?? "";

    public static WireCacheInfo ToWire(PackCacheInfo? info) => info is null
        ? new WireCacheInfo()
        : new WireCacheInfo
        {
            SizeBytes = (ulong)info.SizeBytes,
            LastUsedUtc = Iso(info.LastUsedUtc),
            LastRefreshedUtc = Iso(info.LastRefreshedUtc),
        };

    public static WireSignatureSummary ToWire(PackSignatureSummary summary)
    {
        var extra = new JsonObject { ["algorithm"] = summary.Signer is null ? null : "ed25519" };
        if (summary.Warning is not null) extra["warning"] = summary.Warning;
        return new WireSignatureSummary { Verified = summary.Verified, Signer = summary.Signer ?? "", ExtraJson = GreenticJson.ToJsonString(extra) };
    }

    public static IEnumerable<WireSecretRequirement> ToWire(IEnumerable<PackSecretRequirement> requirements) =>
        requirements.Select(r =>
        {
            var wire = new WireSecretRequirement
            {
                Key = r.Key,
                Required = r.Required,
                Format = r.Format switch
                {
                    "bytes" => SecretFormat.Bytes,
                    "text" => SecretFormat.Text,
                    "json" => SecretFormat.Json,
                    _ => SecretFormat.Unspecified,
                },
            };
            if (r.Description is not null) wire.Description = r.Description;
            if (r.Scope is { } s)
            {
                wire.Scope = new SecretScope { Env = s.Env, Tenant = s.Tenant };
                if (s.Team is not null) wire.Scope.Team = s.Team;
            }
            if (r.Schema is not null) wire.SchemaJson = CborJson.ToJsonString(r.Schema);
            wire.Examples.AddRange(r.Examples);
            return wire;
        });

    /// <summary>Metadata of a digest a tenant may fetch: a pack's, or a component's inside it.</summary>
    public static ArtifactMetadata Metadata(TenantArtifact artifact, PackCacheInfo? cache)
    {
        var metadata = new ArtifactMetadata
        {
            ComponentStatus = ComponentStatus.Ready,
            ArtifactLocation = new ArtifactLocation { Kind = "file", Value = cache?.Path ?? "" },
            SignatureSummary = ToWire(artifact.Pack.Signature),
            CacheInfo = ToWire(cache),
        };
        metadata.SecretRequirements.AddRange(ToWire(artifact.Pack.Pack.Manifest.SecretRequirements));
        return metadata;
    }

    public static ResolveComponentResponse ToWire(ComponentResolution resolution)
    {
        var response = new ResolveComponentResponse
        {
            ComponentStatus = resolution.Status switch
            {
                "ready" => ComponentStatus.Ready,
                "pending" => ComponentStatus.Pending,
                "failed" => ComponentStatus.Failed,
                _ => ComponentStatus.Unspecified,
            },
            Digest = resolution.Digest,
            ArtifactLocation = new ArtifactLocation { Kind = resolution.ArtifactKind, Value = resolution.ArtifactValue },
            SignatureSummary = ToWire(resolution.Signature),
            CacheInfo = ToWire(resolution.Cache),
        };
        response.SecretRequirements.AddRange(ToWire(resolution.SecretRequirements));
        return response;
    }

    /// <summary>get-pack-status-v2's <c>extra</c>: what the tenant's runtime holds for the pack. Nothing about other tenants.</summary>
    public static string PackExtra(TenantArtifacts view, LoadedPack pack) => GreenticJson.ToJsonString(new JsonObject
    {
        ["pack_id"] = pack.PackId,
        ["version"] = pack.Version,
        ["digest"] = pack.Digest,
        ["role"] = ReferenceEquals(pack, view.Runtime.Main) ? "main" : "overlay",
        ["signature_verified"] = pack.Signature.Verified,
        ["signer"] = pack.Signature.Signer,
        ["components"] = new JsonArray(pack.Pack.Manifest.Components.Select(c => (JsonNode)JsonValue.Create(c.Id)).ToArray()),
    });
}
