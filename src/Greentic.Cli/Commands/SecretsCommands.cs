using System.CommandLine;
using Google.Protobuf;
using Greentic.Cli.Client;
using Grpc.Core;
using Greentic.Secrets.V1;

namespace Greentic.Cli.Commands;

/// <summary>
/// <c>greentic secrets set KEY VALUE|--from-file F</c> and <c>greentic secrets get KEY</c> (SecretsService; the token needs
/// role admin for the tenant). Values are printed by <c>get</c> only, never in errors.
/// </summary>
internal static class SecretsCommands
{
    public static Command Create() => new("secrets", "Set and read secrets of a tenant (needs role admin)") { CreateSet(), CreateGet() };

    private static Command CreateSet()
    {
        var key = new Argument<string>("key") { Description = "Secret key, e.g. dummy/api_token (category/name)" };
        var value = new Argument<string?>("value") { Description = "The value (prefer --from-file: arguments end up in shell history)", Arity = ArgumentArity.ZeroOrOne };
        var fromFile = new Option<string?>("--from-file") { Description = "Read the value from this file (bytes as they are)" };
        var command = new Command("set", "Store a secret") { key, value, fromFile };
        var client = new ClientOptions().AddTo(command);
        command.SetAction((parse, ct) => ClientRunner.RunAsync(client, parse, needsToken: true, async call =>
        {
            var secretKey = SecretKey.Check(parse.GetValue(key)!);
            var bytes = await ReadValueAsync(parse.GetValue(value), parse.GetValue(fromFile), ct);
            var request = new PutRequest { Ctx = call.TenantCtx(), Key = secretKey, Value = ByteString.CopyFrom(bytes) };
            await new SecretsService.SecretsServiceClient(call.Invoker).PutAsync(request, call.Options(cancellationToken: ct));
            await Console.Out.WriteLineAsync($"secret '{request.Key}' set for tenant '{request.Ctx.Tenant}' ({bytes.Length} bytes)");
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command CreateGet()
    {
        var key = new Argument<string>("key") { Description = "Secret key, e.g. dummy/api_token (category/name)" };
        var raw = new Option<bool>("--raw") { Description = "Print the value's bytes exactly, without the newline added after text" };
        var command = new Command("get", "Print a secret's value") { key, raw };
        var client = new ClientOptions().AddTo(command);
        command.SetAction((parse, ct) => ClientRunner.RunAsync(client, parse, needsToken: true, async call =>
        {
            var request = new GetRequest { Ctx = call.TenantCtx(), Key = SecretKey.Check(parse.GetValue(key)!) };
            var response = await new SecretsService.SecretsServiceClient(call.Invoker).GetAsync(request, call.Options(cancellationToken: ct));
            // The service answers an absent value (WIT none) for a missing key; on the command line that is a failure.
            if (!response.HasValue)
                throw new RpcException(new Status(StatusCode.NotFound, $"secret '{request.Key}' is not set for tenant '{request.Ctx.Tenant}'"));
            await RawOutput.WriteAsync(response.Value.ToByteArray(), parse.GetValue(raw), ct);
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static async Task<byte[]> ReadValueAsync(string? value, string? fromFile, CancellationToken cancellationToken)
    {
        if (value is not null && fromFile is not null) throw new UsageException("give the value as an argument or with --from-file, not both");
        if (fromFile is not null)
        {
            if (!File.Exists(fromFile)) throw new UsageException($"file '{fromFile}' does not exist");
            return await File.ReadAllBytesAsync(fromFile, cancellationToken);
        }
        if (value is null) throw new UsageException("missing value: 'greentic secrets set KEY VALUE' or 'greentic secrets set KEY --from-file FILE'");
        return System.Text.Encoding.UTF8.GetBytes(value);
    }
}
