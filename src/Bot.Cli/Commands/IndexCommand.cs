using System.CommandLine;
using System.Text.Json;
using Bot.Cli.Rendering;
using Bot.Core.Configuration;
using Bot.Core.Embeddings;
using Bot.Core.Indexing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Spectre.Console;

namespace Bot.Cli.Commands;

/// <summary>`bot index [--full] [--json] [--wait] [--verify]`: brings the index in line with the seeds folder.</summary>
public static class IndexCommand
{
    public static Command Create()
    {
        var full = new Option<bool>("--full") { Description = "Rebuild every document, not only what changed" };
        var json = new Option<bool>("--json") { Description = "Print the counts as JSON" };
        var wait = new Option<bool>("--wait") { Description = "If another process is indexing, wait for it instead of failing" };
        var verify = new Option<bool>("--verify") { Description = "Only check the index is consistent (changes nothing)" };
        var command = new Command("index", "Index the seeds folder (incremental)") { full, json, wait, verify };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(parse, async services =>
        {
            bool asJson = parse.GetValue(json);
            if (parse.GetValue(verify)) return await VerifyAsync(services, asJson, ct).ConfigureAwait(false);

            // `bot index` is there to embed: a model that cannot be loaded stops it at once, with its remedy (exit 3),
            // rather than after the text as a problem line (the indexer itself loads the model only when it needs it).
            _ = services.GetService<EmbeddingSetupProvider>()?.Setup;
            var indexer = services.GetRequiredService<SeedIndexer>();
            var writeLock = services.GetRequiredService<IIndexWriteLock>();
            var lockWait = parse.GetValue(wait) ? Timeout.InfiniteTimeSpan : TimeSpan.Zero;
            if (lockWait == Timeout.InfiniteTimeSpan && await IsBusyAsync(writeLock, ct).ConfigureAwait(false))
                Consoles.Error.MarkupLine($"[grey]{TerminalText.Markup((await writeLock.BusyMessageAsync(ct).ConfigureAwait(false)).Split(';')[0])}; waiting…[/]");
            var report = await IndexRunner.RunAsync(asJson ? Consoles.Error : Consoles.Out, new LockWaitIndexer(indexer, lockWait),
                parse.GetValue(full), quietWhenUnchanged: asJson, ct).ConfigureAwait(false);
            if (asJson)
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(new
                {
                    added = report.Added, updated = report.Updated, renamed = report.Renamed, removed = report.Removed,
                    unchanged = report.Unchanged, duplicates = report.Duplicates, embedded = report.PassagesEmbedded, sentencesEmbedded = report.SentencesEmbedded,
                    rebuilt = report.SchemaRebuilt, seconds = Math.Round(report.Elapsed.TotalSeconds, 3),
                    problems = report.Problems.Select(p => new { path = p.Path, message = p.Message, skipped = p.Skipped }),
                }, AnswerJson.Options));
            }
            return ExitCodes.Answered;
        }));
        return command;
    }

    private static async Task<bool> IsBusyAsync(IIndexWriteLock writeLock, CancellationToken ct)
    {
        await using var probe = await writeLock.TryAcquireAsync(TimeSpan.Zero, ct).ConfigureAwait(false);
        return probe is null;
    }

    private static async Task<int> VerifyAsync(IServiceProvider services, bool asJson, CancellationToken ct)
    {
        var store = services.GetRequiredService<IIndexStore>();
        // Only the SQLite store has a file to look for (and opening it would create it); PostgreSQL reports a missing schema itself.
        var indexFile = services.GetRequiredService<IOptions<BotOptions>>().Value.IndexFilePath;
        if (store is SqliteIndexStore && !File.Exists(indexFile))
            return CommandRunner.Fail($"there is no index at {indexFile} yet; run 'bot index' first", ExitCodes.Failure);
        var problems = await store.VerifyAsync(ct).ConfigureAwait(false);
        var documents = problems.Count == 0 ? (await store.ListDocumentsAsync(ct).ConfigureAwait(false)).Count : 0;
        if (asJson)
            Console.Out.WriteLine(JsonSerializer.Serialize(new { consistent = problems.Count == 0, documents, problems }, AnswerJson.Options));
        else if (problems.Count == 0)
            Consoles.Out.WriteLine($"index consistent: {documents} documents");
        else
            foreach (var p in problems) Consoles.Out.MarkupLine($"[red]inconsistent:[/] {TerminalText.Markup(p)}");
        return problems.Count == 0 ? ExitCodes.Answered : ExitCodes.Failure;
    }

    private sealed class LockWaitIndexer(SeedIndexer inner, TimeSpan wait) : IIndexer
    {
        public Task<IndexReport> IndexAsync(bool full, IProgress<IndexProgress>? progress, CancellationToken cancellationToken) =>
            inner.IndexAsync(full, progress, wait, cancellationToken);
    }
}
