namespace Greentic.Cli.Client;

/// <summary>The command line asks for something that cannot work (bad argument, no token); exit code 2.</summary>
internal sealed class UsageException(string message) : Exception(message);
