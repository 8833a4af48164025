using System.CommandLine;
using System.CommandLine.Help;
using Greentic.Cli.Client;
using Greentic.Cli.Commands;
using Spectre.Console;

// The greentic command. Each verb lives in Commands/ and is registered in CommandCatalog.
AnsiConsole.Console = CliConsole.Stdout();
var root = new RootCommand("greentic: the Greentic control plane and its tools");
foreach (var command in CommandCatalog.All())
    root.Subcommands.Add(command);

// `@file` is a JSON input for `greentic invoke`, not a response file of more arguments.
var parse = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
if (parse.Errors.Count > 0)
{
    // System.CommandLine reports a missing argument once per argument with the same text; say each thing once.
    foreach (var message in parse.Errors.Select(e => e.Message).Distinct(StringComparer.Ordinal))
        Console.Error.WriteLine(message);
    Console.Error.WriteLine();
    new HelpAction().Invoke(parse);
    // Usage errors (missing argument, unknown option) exit 2, as the verbs' own usage errors do.
    return ExitCodes.Usage;
}
return await parse.InvokeAsync();
