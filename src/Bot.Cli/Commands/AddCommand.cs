using System.CommandLine;
using Bot.Cli.Rendering;
using Bot.Core.Indexing;
using Bot.Core.Ingesting;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace Bot.Cli.Commands;

/// <summary>
/// `bot add URL|FILE…`: copies files into the seeds folder, or fetches web pages (saved as Markdown with front matter)
/// and PDFs, then indexes them at once and prints each one's title, source, date and paragraph count. The same URL or
/// content a second time adds nothing and says so. Exit 0 when every item was added or already there; 3 when any was
/// refused (one line each on standard error, naming the reason; nothing of a refused item is stored).
/// </summary>
public static class AddCommand
{
    public static Command Create()
    {
        var items = new Argument<string[]>("items") { Description = "http(s) URLs of articles or PDFs, or files (.txt, .md, .html, .pdf, .docx)", Arity = ArgumentArity.OneOrMore };
        var command = new Command("add", "Add web pages, PDFs or files to the seeds folder and index them at once") { items };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(parse, async services =>
        {
            var adder = services.GetRequiredService<SeedAdder>();
            var added = new List<AddedSeed>();
            int refused = 0;
            foreach (var item in parse.GetValue(items) ?? [])
            {
                try
                {
                    var result = await adder.AddAsync(item, ct).ConfigureAwait(false);
                    if (result.AlreadyPresent)
                        Consoles.Out.MarkupLine($"already in the seeds folder as {TerminalText.Markup(result.Path)}; nothing added: {TerminalText.Markup(result.Summary())}");
                    else
                        added.Add(result);
                }
                catch (IngestException e)
                {
                    CommandRunner.Fail(e.Message, ExitCodes.Failure);
                    refused++;
                }
            }
            if (added.Count > 0)
            {
                try
                {
                    // Text first, whole; vectors within a budget (the rest is made by `bot index` or the watcher).
                    var report = await services.GetRequiredService<SeedIndexer>()
                        .IndexAsync(new IndexRequest { LockWait = TimeSpan.FromSeconds(30), VectorBudget = TimeSpan.FromSeconds(15) }, null, ct).ConfigureAwait(false);
                    IndexRunner.PrintReport(Consoles.Error, report, quietWhenUnchanged: true);
                }
                catch (IndexBusyException e)
                {
                    Consoles.Error.MarkupLine($"[grey]saved; not indexed yet: {TerminalText.Markup(e.Message)}[/]");
                }
                foreach (var a in added)
                    Consoles.Out.MarkupLine($"added {TerminalText.Markup(a.Path)}: {TerminalText.Markup(a.Summary())}");
            }
            return refused > 0 ? ExitCodes.Failure : ExitCodes.Answered;
        }));
        return command;
    }
}
