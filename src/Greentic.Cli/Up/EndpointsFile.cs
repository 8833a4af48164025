using System.Text.Json;
using System.Text.Json.Serialization;
using Greentic.Json;

namespace Greentic.Cli.Up;

/// <summary>One supervised sidecar as the endpoint table shows it.</summary>
internal sealed record SidecarEndpoint(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("address")] string Address,
    [property: JsonPropertyName("providers")] string Providers);

/// <summary>
/// Where a running control plane can be reached, written by <c>up</c>/<c>serve</c> to <c>{data}/endpoints.json</c> so
/// <c>greentic status</c> can repeat the endpoint table (and find the address) later.
/// </summary>
internal sealed record Endpoints(
    [property: JsonPropertyName("grpc")] string Grpc,
    [property: JsonPropertyName("http")] string? Http,
    [property: JsonPropertyName("data_dir")] string? DataDir,
    [property: JsonPropertyName("token_file")] string? TokenFile,
    [property: JsonPropertyName("sidecars")] IReadOnlyList<SidecarEndpoint> Sidecars)
{
    public const string FileName = "endpoints.json";

    public Task WriteAsync(string dataDir, CancellationToken cancellationToken) =>
        OwnerOnlyFiles.WriteAllTextAsync(Path.Combine(dataDir, FileName), JsonSerializer.Serialize(this, GreenticJson.Indented), cancellationToken);

    /// <summary>The endpoints in <paramref name="dataDir"/>, or null when there are none (or they cannot be read).</summary>
    public static Endpoints? TryRead(string dataDir)
    {
        try
        {
            return JsonSerializer.Deserialize<Endpoints>(File.ReadAllText(Path.Combine(dataDir, FileName)), GreenticJson.Options);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return null;
        }
    }
}
