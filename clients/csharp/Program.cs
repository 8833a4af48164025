// Greentic client sample (C#: Grpc.Net.Client and a client generated from protos/ by Grpc.Tools): messaging.dummy send_payload and echo echo
// through the control plane. Env: GREENTIC_ADDRESS (default http://127.0.0.1:7878), GREENTIC_TOKEN, GREENTIC_TENANT (default demo),
// GREENTIC_BENCH_CALLS (optional: time that many echo calls, see EchoBench).
using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Greentic.Provider.V1;
using Grpc.Core;
using Grpc.Net.Client;
using Greentic.Types.V1;

var address = Environment.GetEnvironmentVariable("GREENTIC_ADDRESS") is { Length: > 0 } a ? a : "http://127.0.0.1:7878";
var tenant = Environment.GetEnvironmentVariable("GREENTIC_TENANT") is { Length: > 0 } t ? t : "demo";
var token = ResolveToken();
if (token is null)
{
    Console.Error.WriteLine("error: no token: set GREENTIC_TOKEN or run 'greentic up' here (it writes .greentic/dev-token.txt)");
    return 2;
}

try
{
    using var channel = GrpcChannel.ForAddress(address);
    var client = new ProviderService.ProviderServiceClient(channel);
    var headers = new Metadata { { "authorization", "Bearer " + token } };
    var ctx = new TenantCtx { Env = "dev", Tenant = tenant, TenantId = tenant };

    async Task<JsonNode?> InvokeAsync(string providerType, string op, JsonNode input)
    {
        var request = new InvokeRequest { Ctx = ctx, ProviderType = providerType, Op = op, InputJson = ByteString.CopyFromUtf8(input.ToJsonString()) };
        var response = await client.InvokeAsync(request, headers, DateTime.UtcNow.AddSeconds(30));
        var output = JsonNode.Parse(response.OutputJson.Span);
        if (output is JsonObject o && o["ok"] is JsonValue ok && ok.TryGetValue<bool>(out var succeeded) && !succeeded)
            throw new InvalidOperationException($"{providerType} {op}: provider failed: {o["error"]?.ToJsonString()}");
        return output;
    }

    var payload = new JsonObject
    {
        ["content_type"] = "text/plain", ["body_b64"] = Convert.ToBase64String("hello from C#"u8), ["metadata"] = new JsonObject(),
    };
    var sent = await InvokeAsync("messaging.dummy", "send_payload", new JsonObject
    {
        ["v"] = 1, ["provider_type"] = "messaging.dummy", ["payload"] = payload, ["tenant"] = new JsonObject { ["tenant"] = tenant },
    });
    var echoed = await InvokeAsync("echo", "echo", new JsonObject { ["hello"] = "csharp" });
    var result = new JsonObject { ["client"] = "csharp", ["send_payload"] = sent, ["echo"] = echoed };
    if (int.TryParse(Environment.GetEnvironmentVariable("GREENTIC_BENCH_CALLS"), out var calls) && calls > 0)
        result["bench"] = await EchoBench.RunAsync(client, headers, ctx, calls);
    Console.WriteLine(result.ToJsonString());
    return 0;
}
catch (RpcException e)
{
    // Status names as the gRPC spec and the other clients spell them: UNAUTHENTICATED, PERMISSION_DENIED.
    var name = string.Concat(e.StatusCode.ToString().Select((c, i) => i > 0 && char.IsUpper(c) ? "_" + c : c.ToString())).ToUpperInvariant();
    Console.Error.WriteLine($"error: {name}: {e.Status.Detail}");
    return 1;
}
catch (Exception e) when (e is InvalidOperationException or JsonException or ArgumentException or UriFormatException)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return 1;
}

static string? ResolveToken()
{
    if (Environment.GetEnvironmentVariable("GREENTIC_TOKEN") is { } env && !string.IsNullOrWhiteSpace(env)) return env.Trim();
    var file = Path.Combine(".greentic", "dev-token.txt");
    return File.Exists(file) ? File.ReadAllText(file).Trim() : null;
}
