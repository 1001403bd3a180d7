using System.CommandLine;
using Bot.Cli.Hosting;
using Bot.Cli.Rendering;
using Bot.Core.Answering;
using Bot.Core.Embeddings;
using Bot.Core.Indexing;
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
    public static Task<int> RunAsync(ParseResult parse, Func<ServiceProvider, Task<int>> body,
        Action<IServiceCollection>? more = null, IDictionary<string, string?>? settings = null)
    {
        ArgumentNullException.ThrowIfNull(body);
        return GuardAsync(async () =>
        {
            var configuration = CliServices.BuildConfiguration(parse, settings);
            await using var services = CliServices.Build(parse, configuration, more);
            return await body(services).ConfigureAwait(false);
        });
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
        catch (OptionsValidationException e) { return Fail($"configuration: {string.Join("; ", e.Failures)}", ExitCodes.UsageError); }
        catch (IndexBusyException e) { return Fail(e.Message, ExitCodes.Failure); }
        catch (IndexSchemaTooNewException e) { return Fail(e.Message, ExitCodes.Failure); }
        catch (DirectoryNotFoundException e) { return Fail(e.Message, ExitCodes.Failure); }
        catch (SqliteException e) { return Fail($"the index could not be read or written: {e.Message}", ExitCodes.Failure); }
        catch (NpgsqlException e) { return Fail($"the PostgreSQL index could not be read or written: {e.Message}", ExitCodes.Failure); }
        catch (UnauthorizedAccessException e) { return Fail(e.Message, ExitCodes.Failure); }
        // Why: with the packaged ONNX model the default, a missing, corrupt or unpackable model is an environment
        // problem (like a missing seeds folder), not a crash: one line with the remedy, exit 3.
        catch (EmbeddingModelException e) { return Fail($"embedding model: {WithLexicalHint(e.Message)}", ExitCodes.Failure); }
        catch (OperationCanceledException) { return Fail("cancelled", ExitCodes.Failure); }
        catch (HttpRequestException e) { return Fail($"endpoint unreachable: {e.Message}", ExitCodes.Failure); }
    }

    private static string WithLexicalHint(string message) =>
        message.Contains("Provider=none", StringComparison.Ordinal)
            ? message
            : $"{message.TrimEnd()} (Bot__Embeddings__Provider=none answers with lexical retrieval only.)";

    public static int Fail(string message, int code)
    {
        Consoles.Error.MarkupLine($"[red]error:[/] {TerminalText.Markup(message)}");
        return code;
    }

    /// <summary>
    /// `ask` and `chat` bring the index up to date first. If another process is writing, answer from the index as it
    /// is (readers always see complete documents) unless it is still empty.
    /// </summary>
    public static async Task EnsureIndexAsync(IServiceProvider services, CancellationToken ct)
    {
        var indexer = services.GetRequiredService<SeedIndexer>();
        var store = services.GetRequiredService<IIndexStore>();
        try
        {
            await IndexRunner.RunAsync(Consoles.Error, new WaitingIndexer(indexer, TimeSpan.FromSeconds(2)), full: false, quietWhenUnchanged: true, ct).ConfigureAwait(false);
        }
        catch (IndexBusyException)
        {
            await store.InitializeAsync(ct).ConfigureAwait(false);
            if ((await store.ListDocumentsAsync(ct).ConfigureAwait(false)).Count > 0)
            {
                Consoles.Error.MarkupLine("[grey]another process is indexing; answering from the current index[/]");
                return;
            }
            await IndexRunner.RunAsync(Consoles.Error, indexer, full: false, quietWhenUnchanged: true, ct).ConfigureAwait(false);
        }
    }

    private sealed class WaitingIndexer(SeedIndexer inner, TimeSpan wait) : IIndexer
    {
        public Task<IndexReport> IndexAsync(bool full, IProgress<IndexProgress>? progress, CancellationToken cancellationToken) =>
            inner.IndexAsync(full, progress, wait, cancellationToken);
    }
}
