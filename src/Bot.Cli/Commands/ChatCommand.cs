using System.CommandLine;
using Bot.Cli.Rendering;
using Bot.Core.Answering;
using Bot.Core.Conversations;
using Bot.Core.Feedback;
using Bot.Core.Indexing;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace Bot.Cli.Commands;

/// <summary>`bot chat`: an interactive console chat; also scriptable with standard input not a terminal.</summary>
public static class ChatCommand
{
    private const string Help = "Ask a question (follow-ups work), or: /good, /bad [why] (rate the last answer), /new (forget the conversation), /sources (list documents), /help, /quit";

    public static Command Create()
    {
        var command = new Command("chat", "Chat with the bot in the console (/help for commands)") { ChatWatch.NoWatch };
        LlmFlags.AddTo(command);
        command.SetAction((parse, ct) => CommandRunner.RunAsync(parse, async services =>
        {
            await CommandRunner.EnsureIndexAsync(services, ct).ConfigureAwait(false);
            await using var watch = await ChatWatch.StartAsync(parse, services, Consoles.Out, ct).ConfigureAwait(false);
            var answerer = services.GetRequiredService<IAnswerer>();
            var catalog = services.GetRequiredService<ISourceCatalog>();
            var console = Consoles.Out;
            var session = new ChatSession(answerer, services.GetRequiredService<IConversationStore>(), console, services.GetService<QuestionLog>());
            bool interactive = !Console.IsInputRedirected;
            if (interactive) console.MarkupLine($"[grey]{TerminalText.Markup(Help)}[/]");
            while (!ct.IsCancellationRequested)
            {
                if (interactive) console.Markup("[bold]> [/]");
                var line = await Console.In.ReadLineAsync(ct).ConfigureAwait(false);
                if (line is null) break;
                line = line.Trim();
                if (line.Length == 0) continue;
                switch (line.ToLowerInvariant())
                {
                    case "/quit" or "/exit" or "/q":
                        return ExitCodes.Answered;
                    case "/new" or "/reset":
                        await session.ResetAsync(ct).ConfigureAwait(false);
                        console.MarkupLine("[grey]New conversation.[/]");
                        continue;
                    case "/help" or "/?":
                        console.WriteLine(Help);
                        continue;
                    case "/sources":
                        SourcesCommand.Render(console, await catalog.ListSourcesAsync(ct).ConfigureAwait(false), catalog.RetrievalMode);
                        continue;
                }
                if (RatingCommand(line) is { } rate)
                {
                    console.MarkupLine($"[grey]{TerminalText.Markup(await session.RateLastAsync(rate.Rating, rate.Reason, ct).ConfigureAwait(false))}[/]");
                    continue;
                }
                if (line.StartsWith('/'))
                {
                    console.MarkupLine($"[yellow]Unknown command {TerminalText.Markup(line)}.[/] {TerminalText.Markup(Help)}");
                    continue;
                }
                try
                {
                    await session.AskAsync(line, ct).ConfigureAwait(false);
                }
                catch (InvalidQuestionException e)
                {
                    console.MarkupLine($"[yellow]{TerminalText.Markup(e.Message)}[/]");
                }
            }
            return ExitCodes.Answered;
        }, ChatWatch.Register, readsSeeds: true));
        return command;
    }

    /// <summary>`/good`, `/bad`, `/bad why it was wrong` (any case); null for anything else.</summary>
    internal static (FeedbackRating Rating, string? Reason)? RatingCommand(string line)
    {
        foreach (var (word, rating) in new[] { ("/good", FeedbackRating.Good), ("/bad", FeedbackRating.Bad) })
        {
            if (!line.StartsWith(word, StringComparison.OrdinalIgnoreCase)) continue;
            var rest = line[word.Length..];
            if (rest.Length > 0 && !char.IsWhiteSpace(rest[0])) continue;
            return (rating, string.IsNullOrWhiteSpace(rest) ? null : rest.Trim());
        }
        return null;
    }
}
