using System.CommandLine;
using Bot.Cli.Commands;
using Bot.Cli.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Cli;

/// <summary>The `bot` command line.</summary>
public static class Program
{
    public static Task<int> Main(string[] args) => RunAsync(args, configureServices: null, CancellationToken.None);

    /// <summary>
    /// Runs `bot` with <paramref name="args"/>. <paramref name="configureServices"/> adds or replaces services after the
    /// command's own, for a host that embeds the CLI (the crash tests' fault host registers its fault points this way);
    /// `bot` itself passes none.
    /// </summary>
    public static async Task<int> RunAsync(string[] args, Action<IServiceCollection>? configureServices, CancellationToken cancellationToken)
    {
        var root = new BotRootCommand("bot: answers questions with verbatim, cited quotes from the articles in seeds/", configureServices)
        {
            AskCommand.Create(),
            ChatCommand.Create(),
            IndexCommand.Create(),
            SourcesCommand.Create(),
            ModelCommand.Create(),
            DiscordCommand.Create(),
            EvalCommand.Create(),
            ReportCommand.Create(),
            FeedbackCommand.Create(),
        };
        root.Options.Add(GlobalOptions.Seeds);
        root.Options.Add(GlobalOptions.Data);
        root.Options.Add(GlobalOptions.Verbose);

        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors) await Console.Error.WriteLineAsync($"error: {error.Message}").ConfigureAwait(false);
            await Console.Error.WriteLineAsync("Run 'bot --help' for usage.").ConfigureAwait(false);
            return ExitCodes.UsageError;
        }
        return await parse.InvokeAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
    }
}
