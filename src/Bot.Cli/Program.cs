using System.CommandLine;
using Bot.Cli.Commands;
using Bot.Cli.Hosting;
using Bot.Cli.Rendering;
using Bot.Core.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace Bot.Cli;

/// <summary>The `bot` command line.</summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        StartupTrace.Mark("main");
        var code = await RunAsync(args, configureServices: null, CancellationToken.None).ConfigureAwait(false);
        StartupTrace.Mark("done");
        // BOT_TRACE_STARTUP=1: where the time went, on standard error (bench/startup.sh --trace).
        if (StartupTrace.Enabled) foreach (var line in StartupTrace.Lines()) Consoles.Error.WriteLine(line);
        return code;
    }

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
            TextCommand.Create(),
            AddCommand.Create(),
            ReportCommand.Create(),
            FeedbackCommand.Create(),
        };
        root.Options.Add(GlobalOptions.Seeds);
        root.Options.Add(GlobalOptions.Data);
        root.Options.Add(GlobalOptions.Verbose);

        var parse = root.Parse(args);
        StartupTrace.Mark("parsed");
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors) await Console.Error.WriteLineAsync($"error: {error.Message}").ConfigureAwait(false);
            await Console.Error.WriteLineAsync("Run 'bot --help' for usage.").ConfigureAwait(false);
            return ExitCodes.UsageError;
        }
        // Why longer for `bot discord`: a SIGTERM lets the answers in progress finish (Bot:Discord:ShutdownGrace, 10 s) before
        // the shards close and save their sessions; System.CommandLine's default (2 s) would end the process in the middle
        // (exit 143). The host's own shutdown timeout (30 s) still bounds the stop.
        var invocation = new InvocationConfiguration();
        if (parse.CommandResult.Command.Name == "discord") invocation.ProcessTerminationTimeout = TimeSpan.FromMinutes(1);
        return await parse.InvokeAsync(invocation, cancellationToken).ConfigureAwait(false);
    }
}
