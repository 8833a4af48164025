using System.Buffers;
using System.Security.Cryptography;
using Google.Protobuf;
using Greentic.Distributor.V1;
using Greentic.Packs.Index;
using Grpc.Core;

namespace Greentic.ControlPlane.Distributor;

/// <summary>
/// get-by-digest's <c>bytes</c> variant as a stream: the blob is read from the cache in <see cref="ChunkSize"/> chunks;
/// the first message carries <c>total_size</c>, every message its <c>offset</c>. The bytes are hashed as they go:
/// a blob that turns out not to match its digest (changed on disk) ends the call with DATA_LOSS, so a client never
/// accepts bad bytes as a complete answer, and the blob is removed so the next call rebuilds it.
/// </summary>
internal sealed class DigestStreamer(ArtifactBlobs blobs)
{
    public const int ChunkSize = 64 * 1024;

    public async Task StreamAsync(TenantArtifact artifact, IServerStreamWriter<GetByDigestResponse> writer, CancellationToken ct)
    {
        var path = await blobs.EnsureAsync(artifact, ct);
        FileStream file;
        try
        {
            file = Open(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            // Removed between the check and the open (eviction, an operator): restore once more.
            path = await blobs.EnsureAsync(artifact, ct);
            file = Open(path);
        }
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
        try
        {
            await using (file)
            {
                using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                long total = file.Length, offset = 0;
                do
                {
                    int want = (int)Math.Min(ChunkSize, total - offset);
                    int read = want == 0 ? 0 : await file.ReadAtLeastAsync(buffer.AsMemory(0, want), want, throwOnEndOfStream: false, ct);
                    if (read < want) break;
                    hash.AppendData(buffer, 0, read);
                    var message = new GetByDigestResponse { Chunk = ByteString.CopyFrom(buffer, 0, read), Offset = (ulong)offset };
                    if (offset == 0) message.TotalSize = (ulong)total;
                    await writer.WriteAsync(message, ct);
                    offset += read;
                }
                while (offset < total);
                if (offset != total || !Matches(hash, artifact.Digest))
                    Fail(artifact, path);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        blobs.Cache.Touch(artifact.Digest);
    }

    private static bool Matches(IncrementalHash hash, string digest) =>
        CryptographicOperations.FixedTimeEquals(hash.GetHashAndReset(), Convert.FromHexString(PackDigest.Hex(digest)));

    private void Fail(TenantArtifact artifact, string path)
    {
        blobs.Discard(artifact.Digest, path);
        throw new RpcException(new Status(StatusCode.DataLoss,
            $"the cached bytes of {artifact.Digest} did not match the digest while streaming; discard what was received and call again"));
    }

    private static FileStream Open(string path) => new(path, new FileStreamOptions
    {
        Mode = FileMode.Open,
        Access = FileAccess.Read,
        Share = FileShare.Read | FileShare.Delete,
        BufferSize = 0,
        Options = FileOptions.Asynchronous | FileOptions.SequentialScan,
    });
}
