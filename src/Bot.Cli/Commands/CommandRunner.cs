using System.CommandLine;
using Bot.Cli.Hosting;
using Bot.Cli.Rendering;
using Bot.Core.Answering;
using Bot.Core.Configuration;
using Bot.Core.Diagnostics;
using Bot.Core.Embeddings;
using Bot.Core.Indexing;
using Bot.Core.Watching;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;
using Spectre.Console;

namespace Bot.Cli.Commands;

/// <summary>Builds services for a command and turns failures into clear messages and exit codes.</summary>
public static class CommandRunner
{
    /// <param name="readsSeeds">The command reads the seeds folder (ask, chat, index, sources): it must exist before anything is written.</param>
    public static Task<int> RunAsync(ParseResult parse, Func<ServiceProvider, Task<int>> body,
        Action<IServiceCollection>? more = null, IDictionary<string, string?>? settings = null, bool readsSeeds = false)
    {
        ArgumentNullException.ThrowIfNull(body);
        return GuardAsync(async () =>
        {
            var configuration = CliServices.BuildConfiguration(parse, settings);
            StartupTrace.Mark("configuration");
            await using var services = CliServices.Build(parse, configuration, more);
            StartupTrace.Mark("services");
            // Validation reads configuration only (no I/O to wait on): nothing to cancel.
            await CheckBeforeWritingAsync(services, readsSeeds, CancellationToken.None).ConfigureAwait(false);
            StartupTrace.Mark("validated");
            return await body(services).ConfigureAwait(false);
        });
    }

    /// <summary>
    /// Nothing is written to the data folder (no folder, no lock file, no unpacked model, no index.db) until the whole
    /// configuration has validated and, for a command that reads it, the seeds folder exists: a mistyped setting or a
    /// run from the wrong folder fails with one line and leaves no trace.
    /// </summary>
    public static async Task CheckBeforeWritingAsync(IServiceProvider services, bool readsSeeds, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(services);
        // Every options class registered with ValidateOnStart, bound and validated now rather than on first use.
        if (services.GetService<IAsyncStartupValidator>() is { } validator) await validator.ValidateAsync(ct).ConfigureAwait(false);
        if (!readsSeeds) return;
        var seeds = services.GetRequiredService<IOptions<BotOptions>>().Value.SeedsPath;
        var full = Path.GetFullPath(seeds);
        if (!Directory.Exists(full))
        {
            var where = full == seeds ? "" : $" ({full})";
            throw new DirectoryNotFoundException(File.Exists(full)
                ? $"The seeds folder '{seeds}'{where} is a file, not a folder; pass --seeds DIR."
                : $"The seeds folder '{seeds}'{where} does not exist; run from the folder that holds it or pass --seeds DIR.");
        }
    }

    /// <summary>
    /// For a command that builds its own services (`bot discord` runs a Generic Host): only the configuration is built
    /// here, failures are reported as for every other command.
    /// </summary>
    public static Task<int> RunWithConfigurationAsync(ParseResult parse, Func<IConfiguration, Task<int>> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        return GuardAsync(() => body(CliServices.BuildConfiguration(parse)));
    }

    private static async Task<int> GuardAsync(Func<Task<int>> run)
    {
        try
        {
            return await run().ConfigureAwait(false);
        }
        catch (InvalidQuestionException e) { return Fail(e.Message, ExitCodes.UsageError); }
        catch (InvalidOperationException e) when (ConfigurationValueError(e) is { } message) { return Fail(message, ExitCodes.UsageError); }
        catch (OptionsValidationException e) { return Fail($"configuration: {string.Join("; ", e.Failures)}", ExitCodes.UsageError); }
        // The start-up validator reports several invalid sections at once: still one line, each key named.
        catch (AggregateException e) when (ConfigurationErrors(e) is { } message) { return Fail(message, ExitCodes.UsageError); }
        catch (IndexBusyException e) { return Fail(e.Message, ExitCodes.Failure); }
        catch (IndexSchemaTooNewException e) { return Fail(e.Message, ExitCodes.Failure); }
        catch (DirectoryNotFoundException e) { return Fail(e.Message, ExitCodes.Failure); }
        catch (SqliteException e) when (SqliteIndexStore.IsUnreadable(e))
        {
            return Fail($"the index could not be read ({e.Message}); `bot index --full` moves it aside and rebuilds it from the seeds", ExitCodes.Failure);
        }
        catch (SqliteException e) { return Fail($"the index could not be read or written: {e.Message}", ExitCodes.Failure); }
        catch (NpgsqlException e) { return Fail($"the PostgreSQL index could not be read or written: {e.Message}", ExitCodes.Failure); }
        catch (UnauthorizedAccessException e) { return Fail(e.Message, ExitCodes.Failure); }
        // A file that cannot be read or written, e.g. `bot index` on a read-only or full data folder: one line, not a crash.
        catch (IOException e) { return Fail(e.Message, ExitCodes.Failure); }
        // Why: with the packaged ONNX model the default, a missing, corrupt or unpackable model is an environment
        // problem (like a missing seeds folder), not a crash: one line with the remedy, exit 3.
        catch (EmbeddingModelException e) { return Fail($"embedding model: {WithLexicalHint(e.Message)}", ExitCodes.Failure); }
        catch (OperationCanceledException) { return Fail("cancelled", ExitCodes.Failure); }
        catch (HttpRequestException e) { return Fail($"endpoint unreachable: {e.Message}", ExitCodes.Failure); }
    }

    /// <summary>
    /// The binder's "Failed to convert configuration value 'lots' at 'Bot:MaxQuestionLength' to type 'System.Int32'"
    /// as one line naming the key, the value and what is allowed; null for any other exception.
    /// </summary>
    internal static string? ConfigurationValueError(Exception e)
    {
        var m = System.Text.RegularExpressions.Regex.Match(e.Message, @"^Failed to convert configuration value '(?<value>.*)' at '(?<key>[^']+)' to type '(?<type>[^']+)'");
        if (!m.Success) return null;
        var allowed = m.Groups["type"].Value switch
        {
            "System.Int32" or "System.Int64" => "a whole number",
            "System.Double" or "System.Single" or "System.Decimal" => "a number",
            "System.Boolean" => "true or false",
            "System.TimeSpan" => "a duration such as 00:00:30",
            var t when e.InnerException?.Message is { } inner && inner.Contains("enum", StringComparison.OrdinalIgnoreCase) => $"one of the names of {t}",
            var t => $"a value of type {t}",
        };
        return $"configuration: {m.Groups["key"].Value} is '{m.Groups["value"].Value}', which is not {allowed}";
    }

    private static string? ConfigurationErrors(AggregateException e)
    {
        var parts = new List<string>();
        foreach (var inner in e.Flatten().InnerExceptions)
        {
            if (inner is OptionsValidationException v) parts.AddRange(v.Failures);
            else if (ConfigurationValueError(inner) is { } message) parts.Add(message["configuration: ".Length..]);
            else return null;
        }
        return $"configuration: {string.Join("; ", parts)}";
    }

    private static string WithLexicalHint(string message) =>
        message.Contains("Provider=none", StringComparison.Ordinal)
            ? message
            : $"{message.TrimEnd()} (Bot__Embeddings__Provider=none answers with lexical retrieval only.)";

    public static int Fail(string message, int code)
    {
        Consoles.Error.Markup("[red]error:[/] ");
        // Plain text, not markup: Spectre turns `:name:` in markup into an emoji (Bot:Watch:… would print Bot⌚…) and
        // offers no escape for it.
        Consoles.Error.WriteLine(TerminalText.Sanitize(message));
        return code;
    }

    /// <summary>
    /// `ask`, `chat`, `sources` and `discord` refresh the index's text before answering, but never wait on indexing: the
    /// refresh gets Bot:Index:AskRefreshSeconds, stores text only (new text is found by its words at once; its vectors
    /// are made by the watcher or the next `bot index`), and when it runs out of time, cannot write (disk full, read-only,
    /// locked) or fails, the answer comes from the index as it is with a one-line notice. Only an empty index (the first
    /// run) is built before answering, its text without a budget.
    /// </summary>
    public static async Task EnsureIndexAsync(IServiceProvider services, CancellationToken ct)
    {
        var indexer = services.GetRequiredService<SeedIndexer>();
        var store = services.GetRequiredService<IIndexStore>();
        var budget = TimeSpan.FromSeconds(services.GetRequiredService<IOptions<IndexRefreshOptions>>().Value.AskRefreshSeconds);
        var lockWait = TimeSpan.FromSeconds(2);
        IndexReport report;
        var empty = await IsEmptyAsync(store, ct).ConfigureAwait(false);
        StartupTrace.Mark("store opened");
        if (empty)
        {
            try
            {
                // The text first, whole; then vectors for at most FirstVectorBudget (a small seeds folder is embedded
                // completely, so the packaged model's ranking applies from the first answer on; a huge one is left to
                // the watcher or `bot index`).
                report = await IndexRunner.RunAsync(Consoles.Error, new RequestIndexer(indexer, new IndexRequest { VectorBudget = FirstVectorBudget(budget), LockWait = lockWait }),
                    full: false, quietWhenUnchanged: true, ct).ConfigureAwait(false);
            }
            catch (IndexBusyException)
            {
                // Another process is building it: nothing to answer from until it has, so wait for it.
                report = await IndexRunner.RunAsync(Consoles.Error, new RequestIndexer(indexer, new IndexRequest { VectorBudget = FirstVectorBudget(budget) }),
                    full: false, quietWhenUnchanged: true, ct).ConfigureAwait(false);
            }
            NoticeVectorsPending(services, report);
            return;
        }
        if (budget == TimeSpan.Zero)
        {
            Notice("the refresh before answering is off (Bot:Index:AskRefreshSeconds=0)");
            return;
        }

        // The run goes on a task of its own so the answer never waits on it: if it overruns (one huge file being
        // chunked), it is cancelled and left to stop at its next check while the answer is read from the index as it is
        // (WAL: readers see committed documents only; an unfinished document's transaction rolls back).
        var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        // Task.Run: SQLite's async calls complete synchronously, and chunking a huge file is plain CPU work.
        var wait = budget < lockWait ? budget : lockWait;
        // Vectors too, in what is left of the budget: a few new passages are embedded before the answer, a huge file's are
        // left to the watcher or `bot index`.
        var run = Task.Run(() => indexer.IndexAsync(new IndexRequest { LockWait = wait, TextBudget = budget, VectorBudget = budget / 2 }, null, stop.Token), stop.Token);
        var overrun = TimeSpan.FromSeconds(1); // the file in hand when the budget runs out may finish within it
        if (await Task.WhenAny(run, Task.Delay(budget + overrun, ct)).ConfigureAwait(false) != run)
        {
            ct.ThrowIfCancellationRequested();
            await stop.CancelAsync().ConfigureAwait(false);
            _ = run.ContinueWith(t => { _ = t.Exception; stop.Dispose(); }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            Notice($"indexing the changed files takes longer than {budget.TotalSeconds:0} s");
            return;
        }
        stop.Dispose();
        try
        {
            report = await run.ConfigureAwait(false);
        }
        catch (IndexBusyException)
        {
            Consoles.Error.MarkupLine("[grey]another process is indexing; answering from the current index[/]");
            return;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested) { throw; }
        // An index that cannot be read cannot be answered from either: the caller's message names the way out.
        catch (SqliteException e) when (SqliteIndexStore.IsUnreadable(e)) { throw; }
        catch (IndexSchemaTooNewException) { throw; }
        catch (Exception e)
        {
            Notice($"the index could not be updated ({OneLine(e.Message)})");
            return;
        }
        IndexRunner.PrintReport(Consoles.Error, report, quietWhenUnchanged: true);
        if (report.FilesLeft > 0)
            Notice($"{report.FilesLeft} file{(report.FilesLeft == 1 ? "" : "s")} not looked at within {budget.TotalSeconds:0} s");
        else
            NoticeVectorsPending(services, report);
    }

    /// <summary>
    /// How long the very first build embeds before answering: the refresh budget, but at least 30 s, since that run also
    /// unpacks and loads the model (a cost paid once) and a seeds folder of a few articles then needs only seconds.
    /// </summary>
    private static TimeSpan FirstVectorBudget(TimeSpan budget) => budget > TimeSpan.FromSeconds(30) ? budget : TimeSpan.FromSeconds(30);

    /// <summary>"answering from the index as it is: …; run `bot index` to finish" on standard error.</summary>
    private static void Notice(string reason) =>
        Consoles.Error.WriteLine(TerminalText.Sanitize($"answering from the index as it is: {reason}; run `bot index` to finish"), new Style(Color.Grey));

    private static void NoticeVectorsPending(IServiceProvider services, IndexReport report)
    {
        if (!report.VectorsPending) return;
        // chat and discord run the watcher, which embeds in the background; a one-shot command leaves it to `bot index`.
        var watcher = services.GetService<IReindexer>() is not null && services.GetService<IOptions<WatchOptions>>()?.Value.Enabled == true;
        Consoles.Error.MarkupLine(watcher
            ? "[grey]new text is found by its words until its vectors are made (in the background now); `bot index` makes them at once[/]"
            : "[grey]answering from the index as it is: new text is found by its words until its vectors are made; run `bot index` to finish[/]");
    }

    private static async Task<bool> IsEmptyAsync(IIndexStore store, CancellationToken ct)
    {
        try
        {
            await store.InitializeAsync(ct).ConfigureAwait(false);
        }
        // A data folder that cannot be written may still hold a readable index: the answer will tell.
        catch (Exception e) when (e is SqliteException { SqliteErrorCode: 8 or 10 or 13 or 14 } or IOException or UnauthorizedAccessException) { return false; }
        return !await store.HasDocumentsAsync(ct).ConfigureAwait(false);
    }

    private static string OneLine(string message) => string.Join(' ', message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    private sealed class RequestIndexer(SeedIndexer inner, IndexRequest request) : IIndexer
    {
        public Task<IndexReport> IndexAsync(bool full, IProgress<IndexProgress>? progress, CancellationToken cancellationToken) =>
            inner.IndexAsync(request with { Full = full }, progress, cancellationToken);
    }
}
