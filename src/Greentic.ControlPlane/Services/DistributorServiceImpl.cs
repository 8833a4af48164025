using Greentic.ControlPlane.Distributor;
using System.Text.Json;
using Greentic.ControlPlane.Tenancy;
using Greentic.Distributor.V1;
using Greentic.Packs.Index;
using Greentic.Packs.Runtime;
using Grpc.Core;
using Greentic.Types.V1;
using Microsoft.Extensions.Logging;

namespace Greentic.ControlPlane.Services;

/// <summary>
/// <c>greentic.distributor.v1.DistributorService</c> (WIT <c>greentic:distributor-api@1.1.0</c>), served from the pack
/// runtime's current snapshot and its content-addressed cache. Every rpc authorizes the caller for its tenant context
/// first; a request's <c>tenant_id</c>, when given, must be that tenant (else PERMISSION_DENIED). A tenant sees only
/// the packs of its own runtime: another tenant's pack, component or digest is NOT_FOUND, exactly like one that does
/// not exist, so nothing about other tenants leaks.
/// </summary>
internal sealed class DistributorServiceImpl(
    PackRuntimeManager packs,
    TenantArtifactIndex index,
    ArtifactBlobs blobs,
    DigestStreamer streamer,
    ILogger<DistributorServiceImpl> log) : DistributorService.DistributorServiceBase
{
    /// <summary>get-pack-status's answer for a verified, loaded pack (the component-status vocabulary).</summary>
    public const string ReadyStatus = "ready";

    public override async Task<ResolveComponentResponse> ResolveComponent(ResolveComponentRequest request, ServerCallContext context)
    {
        var tenant = Tenant(context, request.Ctx, request.TenantId, request.EnvironmentId);
        Require(request.ComponentId, "component_id");
        if (request.ExtraJson.Length > 0) RequireJson(request.ExtraJson, "extra_json");
        var resolution = packs.ResolveComponent(tenant, request.PackId, request.ComponentId, request.Version)
            ?? throw NotFound(DistributorMessages.MissingComponent(index.For(tenant), tenant, request.PackId, request.ComponentId, request.Version));
        if (resolution.Cache is null && index.For(tenant)?.Find(resolution.Digest) is { } artifact)
        {
            await blobs.EnsureAsync(artifact, context.CancellationToken);
            resolution = resolution with { Cache = blobs.Cache.GetInfo(resolution.Digest) };
            if (resolution.Cache is not null) resolution = resolution with { ArtifactValue = resolution.Cache.Path };
        }
        return DistributorMapping.ToWire(resolution);
    }

    public override async Task<GetPackStatusResponse> GetPackStatus(GetPackStatusRequest request, ServerCallContext context)
    {
        var (_, _) = await PackAsync(context, request.Ctx, request.TenantId, request.EnvironmentId, request.PackId);
        return new GetPackStatusResponse { Status = ReadyStatus };
    }

    public override async Task<GetPackStatusV2Response> GetPackStatusV2(GetPackStatusV2Request request, ServerCallContext context)
    {
        var (view, pack) = await PackAsync(context, request.Ctx, request.TenantId, request.EnvironmentId, request.PackId);
        var response = new GetPackStatusV2Response { Status = ReadyStatus, ExtraJson = DistributorMapping.PackExtra(view, pack) };
        response.SecretRequirements.AddRange(DistributorMapping.ToWire(pack.Pack.Manifest.SecretRequirements));
        return response;
    }

    /// <summary>Makes sure the pack and every component blob is in the cache (rebuilt from the verified pack when gone), and marks them used.</summary>
    public override async Task<WarmPackResponse> WarmPack(WarmPackRequest request, ServerCallContext context)
    {
        var (view, pack) = await PackAsync(context, request.Ctx, request.TenantId, request.EnvironmentId, request.PackId);
        var artifacts = view.ArtifactsOf(pack);
        foreach (var artifact in artifacts)
        {
            await blobs.EnsureAsync(artifact, context.CancellationToken);
            blobs.Cache.Touch(artifact.Digest);
        }
        DistributorLog.Warmed(log, pack.PackId, pack.Version, view.Runtime.Tenant, artifacts.Count);
        return new WarmPackResponse();
    }

    public override async Task<ResolveRefResponse> ResolveRef(ResolveRefRequest request, ServerCallContext context)
    {
        var tenant = Tenant(context, request.Ctx, "", "");
        var reference = request.Ref.Trim();
        Require(reference, "ref");
        var view = index.For(tenant) ?? throw NotFound(DistributorMessages.NoPacks(tenant));
        TenantArtifact artifact;
        if (reference.StartsWith(PackDigest.Prefix, StringComparison.OrdinalIgnoreCase))
        {
            RequireDigest(reference, "ref");
            artifact = view.Find(reference) ?? throw NotFound(DistributorMessages.MissingDigest(tenant, reference));
        }
        else
        {
            var pack = view.FindByTag(reference) ?? throw NotFound(DistributorMessages.MissingRef(view, tenant, reference));
            artifact = view.ArtifactsOf(pack)[0];
        }
        await blobs.EnsureAsync(artifact, context.CancellationToken);
        return new ResolveRefResponse { Digest = artifact.Digest, Metadata = DistributorMapping.Metadata(artifact, blobs.Cache.GetInfo(artifact.Digest)) };
    }

    public override async Task GetByDigest(GetByDigestRequest request, IServerStreamWriter<GetByDigestResponse> responseStream, ServerCallContext context)
    {
        var tenant = Tenant(context, request.Ctx, "", "");
        var digest = request.Digest.Trim();
        Require(digest, "digest");
        RequireDigest(digest, "digest");
        var artifact = index.For(tenant)?.Find(digest) ?? throw NotFound(DistributorMessages.MissingDigest(tenant, digest));
        await streamer.StreamAsync(artifact, responseStream, context.CancellationToken);
    }

    private async ValueTask<(TenantArtifacts View, LoadedPack Pack)> PackAsync(ServerCallContext context, TenantCtx? ctx, string tenantId,
        string environmentId, string packId)
    {
        var tenant = Tenant(context, ctx, tenantId, environmentId);
        Require(packId, "pack_id");
        var view = index.For(tenant) ?? throw NotFound(DistributorMessages.NoPacks(tenant));
        var pack = view.FindPack(packId) ?? throw NotFound(DistributorMessages.MissingPack(view, tenant, packId));
        return (view, pack);
    }

    /// <summary>Authorizes the call and checks the request's own tenant and environment fields against it.</summary>
    private static string Tenant(ServerCallContext context, TenantCtx? ctx, string tenantId, string environmentId)
    {
        var call = context.Authorized();
        var tenant = call.Tenant.Tenant;
        if (tenantId.Length > 0 && tenantId != tenant)
            throw new RpcException(new Status(StatusCode.PermissionDenied,
                $"tenant_id '{DistributorMessages.Clip(tenantId)}' is not the caller's tenant '{tenant}'; a tenant can only see its own packs (leave tenant_id empty or set it to '{tenant}')"));
        if (environmentId.Length > 0 && environmentId != call.Tenant.Env)
            throw new RpcException(new Status(StatusCode.InvalidArgument,
                $"environment_id '{DistributorMessages.Clip(environmentId)}' is not served here: this control plane serves env '{call.Tenant.Env}' (leave it empty or set it to '{call.Tenant.Env}')"));
        return tenant;
    }

    private static void Require(string value, string field)
    {
        if (string.IsNullOrWhiteSpace(value))
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"{field} is required"));
    }

    private static void RequireDigest(string value, string field)
    {
        if (!PackDigest.IsValid(value))
            throw new RpcException(new Status(StatusCode.InvalidArgument,
                $"{field} '{DistributorMessages.Clip(value)}' is not a digest of the form sha256:<64 lowercase hex digits>"));
    }

    private static void RequireJson(string value, string field)
    {
        try
        {
            using var _ = JsonDocument.Parse(value);
        }
        catch (JsonException e)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"{field} is not valid JSON: {e.Message}"));
        }
    }

    private static RpcException NotFound(string message) => new(new Status(StatusCode.NotFound, message));
}
