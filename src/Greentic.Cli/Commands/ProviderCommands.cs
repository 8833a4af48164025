using System.CommandLine;
using Greentic.Cli.Client;
using Greentic.ComponentHost;

namespace Greentic.Cli.Commands;

/// <summary>
/// <c>greentic provider invoke|describe|healthcheck|validate-config COMPONENT.wasm …</c>: one call of a provider component
/// on the control plane's own engine host, without a control plane — for provider developers, in the manner of
/// <c>wasmtime run --invoke</c>. Secrets come only from <c>--secret</c>, state is in memory, egress is denied unless
/// allowed. Exit 0 when the component answered (even <c>{"ok":false…}</c>), 1 on a trap, timeout or host error, 2 on
/// a usage error.
/// </summary>
internal static class ProviderCommands
{
    public static Command Create()
    {
        var command = new Command("provider", "Run a provider component file locally (describe, invoke, healthcheck, validate-config)");
        command.Subcommands.Add(Invoke());
        command.Subcommands.Add(Simple("describe", "Print the component's describe JSON", OneShotCall.Describe));
        command.Subcommands.Add(Simple("healthcheck", "Print the component's healthcheck JSON", OneShotCall.Healthcheck));
        command.Subcommands.Add(ValidateConfig());
        return command;
    }

    private static Command Invoke()
    {
        var op = new Argument<string>("op") { Description = "The op, e.g. send or render_plan" };
        var input = new Argument<string?>("input") { Description = "Input JSON, or @FILE (default {})", Arity = ArgumentArity.ZeroOrOne };
        var config = new Option<string?>("--config") { Description = "Provider config JSON or @FILE, merged into the input as its 'config' field" };
        var secrets = new Option<string[]>("--secret") { Description = "A secret the component may read, NAME=VALUE (repeatable)", AllowMultipleArgumentsPerToken = false };
        var egress = new Option<string[]>("--allow-egress") { Description = "HOST:PORT the component may reach over HTTP (repeatable; everything else is refused)" };
        var command = new Command("invoke", "Invoke an op of a provider component and print the output JSON") { op, input, config, secrets, egress };
        var common = new CommonOptions(command);
        command.SetAction(parse => Run(common.Resolve(parse, OneShotCall.Invoke) with
        {
            Operation = parse.GetValue(op),
            Input = parse.GetValue(input),
            Config = parse.GetValue(config),
            Secrets = parse.GetValue(secrets) ?? [],
            AllowEgress = parse.GetValue(egress) ?? [],
        }));
        return command;
    }

    private static Command ValidateConfig()
    {
        var config = new Argument<string>("config") { Description = "The config JSON to validate, or @FILE" };
        var command = new Command("validate-config", "Print what the component says of a config") { config };
        var common = new CommonOptions(command);
        command.SetAction(parse => Run(common.Resolve(parse, OneShotCall.ValidateConfig) with { Config = parse.GetValue(config) }));
        return command;
    }

    private static Command Simple(string name, string description, OneShotCall call)
    {
        var command = new Command(name, description);
        var common = new CommonOptions(command);
        command.SetAction(parse => Run(common.Resolve(parse, call)));
        return command;
    }

    private static int Run(OneShotOptions options)
    {
        var result = OneShotInvocation.Run(options);
        if (result.OutputJson is not null) Console.Out.WriteLine(result.OutputJson);
        if (result.ErrorMessage is not null)
            Console.Error.WriteLine(result.ErrorKind is { } kind ? $"error: {kind}: {result.ErrorMessage}" : $"error: {result.ErrorMessage}");
        return result.ExitCode;
    }

    /// <summary>The component argument and the options every provider verb takes.</summary>
    private sealed class CommonOptions
    {
        private readonly Argument<string> _component = new("component") { Description = "The provider component, a .wasm file" };
        private readonly Option<string> _timeout = new("--timeout") { Description = "Longest the call may take, e.g. 500ms, 5s", DefaultValueFactory = _ => "5s" };
        private readonly Option<string?> _cache = new("--cache-dir") { Description = "Where compiled components are kept between runs (default: ~/.cache/greentic/components)" };
        private readonly Option<bool> _noCache = new("--no-cache") { Description = "Compile the component afresh and keep nothing" };

        public CommonOptions(Command command)
        {
            command.Arguments.Insert(0, _component);
            command.Options.Add(_timeout);
            command.Options.Add(_cache);
            command.Options.Add(_noCache);
        }

        public OneShotOptions Resolve(ParseResult parse, OneShotCall call) => new()
        {
            ComponentPath = parse.GetValue(_component)!,
            Call = call,
            Timeout = DurationParser.Parse(parse.GetValue(_timeout)!, "--timeout"),
            CacheDirectory = parse.GetValue(_noCache) ? null : parse.GetValue(_cache) ?? DefaultCacheDirectory(),
        };

        private static string DefaultCacheDirectory() =>
            Path.Combine(Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg
                ? xdg : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache"), "greentic", "components");
    }
}
