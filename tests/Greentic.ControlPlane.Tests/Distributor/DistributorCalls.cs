using Greentic.Providers.Channels;
using System.Security.Cryptography;
using Greentic.Distributor.V1;
using Grpc.Core;
using Greentic.Types.V1;

namespace Greentic.ControlPlane.Tests.Distributor;

/// <summary>A DistributorService client for one tenant, with the request boilerplate (context, bearer, deadline) filled in.</summary>
public sealed class DistributorCalls(PacksControlPlane cp, TargetChannel channel, string tenant, string? bearerTenant = null)
{
    private readonly DistributorService.DistributorServiceClient _client = new(channel.Invoker);
    private readonly Metadata _headers = cp.BearerFor(bearerTenant ?? tenant);

    public TenantCtx Ctx => new() { Env = "dev", Tenant = tenant };

    private static DateTime Deadline => DateTime.UtcNow.AddSeconds(60);

    public Task<ResolveComponentResponse> ResolveComponentAsync(string componentId, string packId = "", string version = "",
        string tenantId = "", string environmentId = "", string extraJson = "") =>
        _client.ResolveComponentAsync(new ResolveComponentRequest
        {
            Ctx = Ctx, TenantId = tenantId, EnvironmentId = environmentId, PackId = packId, ComponentId = componentId,
            Version = version, ExtraJson = extraJson,
        }, _headers, Deadline).ResponseAsync;

    public Task<GetPackStatusResponse> PackStatusAsync(string packId, string tenantId = "") =>
        _client.GetPackStatusAsync(new GetPackStatusRequest { Ctx = Ctx, TenantId = tenantId, PackId = packId }, _headers, Deadline).ResponseAsync;

    public Task<GetPackStatusV2Response> PackStatusV2Async(string packId) =>
        _client.GetPackStatusV2Async(new GetPackStatusV2Request { Ctx = Ctx, PackId = packId }, _headers, Deadline).ResponseAsync;

    public Task<WarmPackResponse> WarmPackAsync(string packId) =>
        _client.WarmPackAsync(new WarmPackRequest { Ctx = Ctx, PackId = packId }, _headers, Deadline).ResponseAsync;

    public Task<ResolveRefResponse> ResolveRefAsync(string reference) =>
        _client.ResolveRefAsync(new ResolveRefRequest { Ctx = Ctx, Ref = reference }, _headers, Deadline).ResponseAsync;

    /// <summary>GetByDigest, reassembled; checks the stream's shape (total_size first, contiguous offsets) on the way.</summary>
    public async Task<byte[]> GetByDigestAsync(string digest, CancellationToken ct = default)
    {
        using var call = _client.GetByDigest(new GetByDigestRequest { Ctx = Ctx, Digest = digest }, _headers, Deadline, ct);
        using var buffer = new MemoryStream();
        ulong total = 0;
        int messages = 0;
        while (await call.ResponseStream.MoveNext(ct))
        {
            var message = call.ResponseStream.Current;
            Assert.Equal(GetByDigestResponse.SourceOneofCase.Chunk, message.SourceCase);
            if (messages++ == 0) total = message.TotalSize;
            Assert.Equal((ulong)buffer.Length, message.Offset);
            Assert.True(message.Chunk.Length <= 64 * 1024, $"chunk of {message.Chunk.Length} bytes exceeds 64 KiB");
            message.Chunk.WriteTo(buffer);
        }
        Assert.True(messages > 0, "get-by-digest sent no message");
        Assert.Equal(total, (ulong)buffer.Length);
        return buffer.ToArray();
    }

    public static string Sha256(byte[] bytes) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));
}
