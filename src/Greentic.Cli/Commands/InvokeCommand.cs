using System.CommandLine;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Greentic.Cli.Client;
using Greentic.Provider.V1;
using Greentic.Json;

namespace Greentic.Cli.Commands;

/// <summary><c>greentic invoke PROVIDER OP [JSON|@file]</c>: one ProviderService.Invoke through the control plane.</summary>
internal static class InvokeCommand
{
    public static Command Create()
    {
        var provider = new Argument<string>("provider") { Description = "Provider type, e.g. echo or messaging.dummy" };
        var op = new Argument<string>("op") { Description = "Operation, e.g. echo or send_payload" };
        var input = new Argument<string>("input")
        {
            Description = "Input JSON (default: {}); @file reads it from a file",
            Arity = ArgumentArity.ZeroOrOne,
            DefaultValueFactory = _ => "{}",
        };
        var inputFile = new Option<string?>("--input-file", "-f") { Description = "Read the input JSON from this file ('-' for stdin)" };
        var deadline = new Option<string>("--deadline") { Description = "Deadline of the call, e.g. 500ms, 10s", DefaultValueFactory = _ => "10s" };
        var command = new Command("invoke", "Invoke a provider operation through the control plane and print the result JSON")
        {
            provider, op, input, inputFile, deadline,
        };
        var client = new ClientOptions().AddTo(command);
        command.SetAction((parse, ct) => ClientRunner.RunAsync(client, parse, needsToken: true, async call =>
        {
            var timeout = DurationParser.Parse(parse.GetValue(deadline)!, "--deadline");
            var json = await ReadInputAsync(parse.GetValue(input)!, parse.GetValue(inputFile), ct);
            var request = new InvokeRequest
            {
                Ctx = call.TenantCtx(), ProviderType = parse.GetValue(provider)!, Op = parse.GetValue(op)!, InputJson = ByteString.CopyFrom(json),
            };
            var response = await new ProviderService.ProviderServiceClient(call.Invoker).InvokeAsync(request, call.Options(timeout, ct));
            return await PrintAsync(response.OutputJson.ToByteArray(), request.ProviderType, request.Op);
        }));
        return command;
    }

    private static async Task<byte[]> ReadInputAsync(string input, string? inputFile, CancellationToken cancellationToken)
    {
        if (inputFile is not null)
        {
            if (input != "{}") throw new UsageException("give the input as an argument or with --input-file, not both");
            input = "@" + inputFile;
        }
        byte[] bytes;
        if (input == "@-")
        {
            using var stdin = Console.OpenStandardInput();
            using var buffer = new MemoryStream();
            await stdin.CopyToAsync(buffer, cancellationToken);
            bytes = buffer.ToArray();
        }
        else if (input.StartsWith('@'))
        {
            var path = input[1..];
            if (!File.Exists(path)) throw new UsageException($"input file '{path}' does not exist");
            bytes = await File.ReadAllBytesAsync(path, cancellationToken);
        }
        else
        {
            bytes = Encoding.UTF8.GetBytes(input);
        }
        try
        {
            using var _ = JsonDocument.Parse(bytes);
        }
        catch (JsonException e)
        {
            throw new UsageException($"the input is not valid JSON ({e.Message}); pass a JSON value, or --input-file FILE");
        }
        return bytes;
    }

    /// <summary>Prints the provider's JSON; a provider-level failure (<c>"ok": false</c>) also goes to stderr and exits 1.</summary>
    private static async Task<int> PrintAsync(byte[] output, string provider, string op)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(output);
        }
        catch (JsonException)
        {
            await Console.Out.WriteLineAsync(Encoding.UTF8.GetString(output));
            await Console.Error.WriteLineAsync($"error: provider '{provider}' op '{op}' returned output that is not JSON");
            return ExitCodes.CallFailed;
        }
        await Console.Out.WriteLineAsync(node?.ToJsonString(GreenticJson.Indented) ?? "null");
        if (node is JsonObject obj && obj["ok"] is JsonValue ok && ok.TryGetValue<bool>(out var succeeded) && !succeeded)
        {
            var error = obj["error"];
            var code = error?["code"]?.ToString() ?? "unknown";
            var message = error?["message"]?.ToString() ?? "(no message)";
            await Console.Error.WriteLineAsync($"error: provider '{provider}' op '{op}' failed: {code}: {message}");
            return ExitCodes.CallFailed;
        }
        return ExitCodes.Ok;
    }
}
