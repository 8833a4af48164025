using System.CommandLine;
using Greentic.Cli.Commands;

// The greentic command. Each verb lives in Commands/ and is registered in CommandCatalog.
var root = new RootCommand("greentic: the Greentic control plane and its tools");
foreach (var command in CommandCatalog.All())
    root.Subcommands.Add(command);

// `@file` is a JSON input for `greentic invoke`, not a response file of more arguments.
var parse = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
var exit = await parse.InvokeAsync();
// Usage errors (missing argument, unknown option) exit 2, as the verbs' own usage errors do.
return parse.Errors.Count > 0 ? 2 : exit;
