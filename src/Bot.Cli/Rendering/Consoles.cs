using Spectre.Console;

namespace Bot.Cli.Rendering;

/// <summary>Spectre consoles for standard output (answers) and standard error (progress, notices).</summary>
public static class Consoles
{
    public static IAnsiConsole Out { get; } = Create(Console.Out, Console.IsOutputRedirected);
    public static IAnsiConsole Error { get; } = Create(Console.Error, Console.IsErrorRedirected);

    private static IAnsiConsole Create(TextWriter writer, bool redirected)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = redirected ? AnsiSupport.No : AnsiSupport.Detect,
            ColorSystem = redirected ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
            Interactive = redirected ? InteractionSupport.No : InteractionSupport.Detect,
        });
        // Piped output is read by programs: never hard-wrap quotes at an imaginary 80 columns.
        if (redirected) console.Profile.Width = 4096;
        return console;
    }
}
