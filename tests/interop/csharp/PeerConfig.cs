using System.Text.Json;
using System.Text.Json.Serialization;

/// <summary>What run-matrix tells every peer about the control plane it started (matrix/host.js writes it).</summary>
internal sealed record PeerConfig(
    Targets Targets,
    [property: JsonPropertyName("ca_file")] string CaFile,
    string Token,
    [property: JsonPropertyName("admin_token")] string AdminToken,
    string Env,
    string Tenant,
    [property: JsonPropertyName("other_tenant")] string OtherTenant,
    PackInfo Pack,
    [property: JsonPropertyName("egress_url")] string EgressUrl,
    [property: JsonPropertyName("max_message_size")] int MaxMessageSize)
{
    public static PeerConfig Load(string file) =>
        JsonSerializer.Deserialize<PeerConfig>(File.ReadAllText(file), new JsonSerializerOptions { PropertyNameCaseInsensitive = true })
        ?? throw new InvalidDataException($"{file} is empty");
}

internal sealed record Targets(string H2c, string Tls, string Uds);

internal sealed record PackInfo(string Id, string Version, string Digest, long Size, string Component);
