using Greentic.Packs;
using Greentic.Packs.Cache;
using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace Greentic.ControlPlane.Distributor;

/// <summary>
/// The cache side of the distributor: makes sure an artifact's blob is in the content-addressed cache (rebuilding it
/// from the verified pack in memory when it went missing), and removes a blob found corrupted.
/// </summary>
internal sealed class ArtifactBlobs(PackCache cache, ILogger<ArtifactBlobs> log)
{
    public PackCache Cache => cache;

    /// <summary>The path of the artifact's blob, restored first when it is absent.</summary>
    public async Task<string> EnsureAsync(TenantArtifact artifact, CancellationToken ct)
    {
        if (cache.GetPath(artifact.Digest) is { } path) return path;
        try
        {
            await cache.PutAsync(artifact.Rebuild(), artifact.Digest, ct);
        }
        catch (PackVerificationException)
        {
            throw new RpcException(new Status(StatusCode.FailedPrecondition,
                $"the cache no longer holds {artifact.Describe()} ({artifact.Digest}) and it cannot be rebuilt byte for byte; " +
                "reload the packs (POST /admin/packs/reload) to fetch it again"));
        }
        DistributorLog.BlobRestored(log, artifact.Digest, artifact.Describe());
        return cache.GetPath(artifact.Digest)
            ?? throw new RpcException(new Status(StatusCode.Unavailable, $"the pack cache could not store {artifact.Digest}; retry"));
    }

    /// <summary>Deletes a blob whose bytes no longer match its digest (the next request rebuilds it).</summary>
    public void Discard(string digest, string path)
    {
        try { File.Delete(path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        DistributorLog.BlobCorrupt(log, digest);
    }
}
