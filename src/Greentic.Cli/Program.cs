using System.CommandLine;
using Greentic.Cli.Commands;

// The greentic command. Each verb lives in Commands/ and is registered here.
var root = new RootCommand("greentic: the Greentic control plane and its tools");
foreach (var command in CommandCatalog.All())
    root.Subcommands.Add(command);
return await root.Parse(args).InvokeAsync();
