using System.CommandLine;
using Google.Protobuf;
using Greentic.Cli.Client;
using Greentic.State.V1;

namespace Greentic.Cli.Commands;

/// <summary><c>greentic state put|get|delete KEY</c>: the tenant's state store (StateService).</summary>
internal static class StateCommands
{
    public static Command Create() => new("state", "Read and write a tenant's state") { CreatePut(), CreateGet(), CreateDelete() };

    private static Command CreatePut()
    {
        var (key, prefix) = KeyAndPrefix();
        var value = new Argument<string>("value") { Description = "The value (UTF-8 text)" };
        var command = new Command("put", "Write a value") { key, value, prefix };
        var client = new ClientOptions().AddTo(command);
        command.SetAction((parse, ct) => ClientRunner.RunAsync(client, parse, needsToken: true, async call =>
        {
            var request = new WriteRequest
            {
                Ctx = call.TenantCtx(), Key = parse.GetValue(key)!, Prefix = parse.GetValue(prefix) ?? "",
                Value = ByteString.CopyFromUtf8(parse.GetValue(value)!),
            };
            await new StateService.StateServiceClient(call.Invoker).WriteAsync(request, call.Options(cancellationToken: ct));
            await Console.Out.WriteLineAsync($"state '{request.Key}' written for tenant '{request.Ctx.Tenant}'");
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command CreateGet()
    {
        var (key, prefix) = KeyAndPrefix();
        var raw = new Option<bool>("--raw") { Description = "Print the value's bytes exactly, without the newline added after text" };
        var command = new Command("get", "Print a value") { key, prefix, raw };
        var client = new ClientOptions().AddTo(command);
        command.SetAction((parse, ct) => ClientRunner.RunAsync(client, parse, needsToken: true, async call =>
        {
            var request = new ReadRequest { Ctx = call.TenantCtx(), Key = parse.GetValue(key)!, Prefix = parse.GetValue(prefix) ?? "" };
            var response = await new StateService.StateServiceClient(call.Invoker).ReadAsync(request, call.Options(cancellationToken: ct));
            await RawOutput.WriteAsync(response.Value.ToByteArray(), parse.GetValue(raw), ct);
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command CreateDelete()
    {
        var (key, prefix) = KeyAndPrefix();
        var command = new Command("delete", "Delete a value") { key, prefix };
        var client = new ClientOptions().AddTo(command);
        command.SetAction((parse, ct) => ClientRunner.RunAsync(client, parse, needsToken: true, async call =>
        {
            var request = new DeleteRequest { Ctx = call.TenantCtx(), Key = parse.GetValue(key)!, Prefix = parse.GetValue(prefix) ?? "" };
            await new StateService.StateServiceClient(call.Invoker).DeleteAsync(request, call.Options(cancellationToken: ct));
            await Console.Out.WriteLineAsync($"state '{request.Key}' deleted for tenant '{request.Ctx.Tenant}'");
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static (Argument<string> Key, Option<string?> Prefix) KeyAndPrefix() =>
        (new Argument<string>("key") { Description = "State key" },
         new Option<string?>("--prefix") { Description = "Namespace within the tenant scope" });
}
