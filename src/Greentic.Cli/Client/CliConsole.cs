using Spectre.Console;

namespace Greentic.Cli.Client;

/// <summary>
/// The console every verb writes through. On a terminal: colours and the terminal's width. Into a file or a pipe: no
/// ANSI codes at all and a width no table needs to wrap at, so a socket path stays on one line for scripts and logs.
/// </summary>
internal static class CliConsole
{
    /// <summary>The width used when output is not a terminal.</summary>
    public const int RedirectedWidth = 1000;

    public static IAnsiConsole Create(TextWriter output, bool redirected)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = redirected ? AnsiSupport.No : AnsiSupport.Detect,
            ColorSystem = redirected ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
            Interactive = redirected ? InteractionSupport.No : InteractionSupport.Detect,
        });
        if (redirected) console.Profile.Width = RedirectedWidth;
        return console;
    }

    /// <summary>Standard output, as above.</summary>
    public static IAnsiConsole Stdout() => Create(Console.Out, Console.IsOutputRedirected);
}
