namespace Greentic.Cli.Client;

/// <summary>Exit codes of the client verbs.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;
    /// <summary>The call failed: a gRPC status other than OK, or a provider that answered <c>"ok": false</c>.</summary>
    public const int CallFailed = 1;
    /// <summary>The command line cannot work: bad argument, unreadable file, no token.</summary>
    public const int Usage = 2;
}
