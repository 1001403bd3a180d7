using System.CommandLine;
using Bot.Cli.Rendering;
using Bot.Core.Answering;
using Bot.Core.Conversations;
using Bot.Core.Indexing;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace Bot.Cli.Commands;

/// <summary>`bot chat`: an interactive console chat; also scriptable with standard input not a terminal.</summary>
public static class ChatCommand
{
    private const string Help = "Ask a question (follow-ups work), or: /new (forget the conversation), /sources (list documents), /help, /quit";

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
            var session = new ChatSession(answerer, services.GetRequiredService<IConversationStore>(), console);
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
                        session.Reset();
                        console.MarkupLine("[grey]New conversation.[/]");
                        continue;
                    case "/help" or "/?":
                        console.WriteLine(Help);
                        continue;
                    case "/sources":
                        SourcesCommand.Render(console, await catalog.ListSourcesAsync(ct).ConfigureAwait(false), catalog.RetrievalMode);
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
}
