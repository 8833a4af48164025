using Microsoft.Extensions.Logging;

namespace Greentic.ControlPlane.Distributor;

internal static partial class DistributorLog
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Warning,
        Message = "Distributor: the cache blob of {Digest} ({Artifact}) was missing; rebuilt it from the loaded pack")]
    public static partial void BlobRestored(ILogger log, string digest, string artifact);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Error,
        Message = "Distributor: the cache blob of {Digest} failed its integrity check while streaming; removed it")]
    public static partial void BlobCorrupt(ILogger log, string digest);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Information,
        Message = "Distributor: warmed pack {PackId} {Version} for tenant {Tenant} ({Blobs} blobs)")]
    public static partial void Warmed(ILogger log, string packId, string version, string tenant, int blobs);
}
