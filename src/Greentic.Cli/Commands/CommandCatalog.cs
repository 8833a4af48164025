using System.CommandLine;

namespace Greentic.Cli.Commands;

/// <summary>Every top-level verb of the greentic command.</summary>
internal static class CommandCatalog
{
    public static IEnumerable<Command> All() =>
    [
        UpCommand.Create(),
        ServeCommand.Create(),
        StatusCommand.Create(),
        TokenCommands.Create(),
        GatewayCommand.Create(),
        SendCommand.Create(),
        PackCommands.CreatePack(),
        PackCommands.CreateKeys(),
        InvokeCommand.Create(),
        ProviderCommands.Create(),
        SecretsCommands.Create(),
        StateCommands.Create(),
        RoutesCommand.Create(),
        ConformanceCommand.Create(),
    ];
}
