using Greentic.Providers.Channels;
using Grpc.Core;

namespace Greentic.Cli.Client;

/// <summary>
/// Runs one client verb: opens the channel, attaches the bearer token, and turns failures into an exit code and one
/// line on stderr (<c>error: STATUS_NAME: detail</c>). Messages come from the server or from us, never from values
/// the user passed, so a secret value cannot reach stderr.
/// </summary>
internal static class ClientRunner
{
    public static readonly TimeSpan DefaultDeadline = TimeSpan.FromSeconds(30);

    /// <summary>The client does not cap messages below the server's own limit, so the server's error (with its limit and setting) is what the user sees.</summary>
    private const int MaxMessageSize = 256 * 1024 * 1024;

    /// <param name="addressOverride">The address to use when neither --address nor GREENTIC_ADDRESS gives one.</param>
    public static async Task<int> RunAsync(ClientOptions options, System.CommandLine.ParseResult parse, bool needsToken, Func<ClientCall, Task<int>> action,
        string? unauthenticatedHint = null, string? addressOverride = null)
    {
        var address = "";
        try
        {
            var settings = options.Resolve(parse, addressOverride);
            address = settings.Address;
            var token = needsToken ? TokenResolver.Resolve(settings) : null;
            using var channel = TargetChannel.Create(settings.Address, maxMessageSize: MaxMessageSize);
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
            var hint = Hint(e.StatusCode, detail, address, unauthenticatedHint, clientSide: e.Status.DebugException is not null);
            await Console.Error.WriteLineAsync($"error: {StatusNames.Of(e.StatusCode)}: {detail}{hint}");
            return ExitCodes.CallFailed;
        }
    }

    /// <param name="clientSide">The failure happened here (the control plane could not be reached), not in a status the control plane sent.</param>
    private static string Hint(StatusCode code, string detail, string address, string? unauthenticatedHint, bool clientSide) => code switch
    {
        StatusCode.Unavailable when clientSide => $" (is the control plane running at {address}? start it with 'greentic up' or pass --address)",
        StatusCode.Unauthenticated when unauthenticatedHint is not null => $" ({unauthenticatedHint})",
        StatusCode.Unauthenticated => " (check --token / GREENTIC_TOKEN; 'greentic up' writes a fresh dev token to .greentic/dev-token.txt)",
        StatusCode.PermissionDenied when detail.Contains("the caller's bearer token", StringComparison.Ordinal) =>
            " (for a local control plane with a dev issuer, 'greentic token issue --tenant T [--role admin]' prints a token that grants T)",
        _ => "",
    };
}
