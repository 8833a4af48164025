using Greentic.Rpc;

namespace Greentic.Cli.Client;

/// <summary>
/// Runs one client verb: opens the channel, attaches the bearer token, and turns failures into an exit code and one
/// line on stderr (<c>error: STATUS_NAME: detail</c>). Messages come from the server or from us, never from values
/// the user passed, so a secret value cannot reach stderr.
/// </summary>
internal static class ClientRunner
{
    public static readonly TimeSpan DefaultDeadline = TimeSpan.FromSeconds(30);

    public static async Task<int> RunAsync(ClientOptions options, System.CommandLine.ParseResult parse, bool needsToken, Func<ClientCall, Task<int>> action,
        string? unauthenticatedHint = null)
    {
        var address = "";
        try
        {
            var settings = options.Resolve(parse);
            address = settings.Address;
            var token = needsToken ? TokenResolver.Resolve(settings) : null;
            using var channel = RpcChannel.ForAddress(settings.Address);
            return await action(new ClientCall(channel, settings, token));
        }
        catch (UsageException e)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}");
            return ExitCodes.Usage;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // An input, value or token file that cannot be read.
            await Console.Error.WriteLineAsync($"error: {e.Message}");
            return ExitCodes.Usage;
        }
        catch (RpcException e)
        {
            var detail = string.IsNullOrEmpty(e.Status.Detail) ? "(no detail)" : e.Status.Detail;
            await Console.Error.WriteLineAsync($"error: {StatusNames.Of(e.StatusCode)}: {detail}{Hint(e.StatusCode, address, unauthenticatedHint)}");
            return ExitCodes.CallFailed;
        }
    }

    private static string Hint(StatusCode code, string address, string? unauthenticatedHint) => code switch
    {
        StatusCode.Unavailable => $" (is the control plane running at {address}? start it with 'greentic up' or pass --address)",
        StatusCode.Unauthenticated when unauthenticatedHint is not null => $" ({unauthenticatedHint})",
        StatusCode.Unauthenticated => " (check --token / GREENTIC_TOKEN; 'greentic up' writes a fresh dev token to .greentic/dev-token.txt)",
        _ => "",
    };
}
