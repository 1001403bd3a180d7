using Bot.Cli.Rendering;
using System.CommandLine;
using Bot.Core.DependencyInjection;
using Bot.Core.Indexing;
using Bot.Core.Watching;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Spectre.Console;

namespace Bot.Cli.Commands;

/// <summary>
/// `bot chat` follows the seeds folder while it runs: the <see cref="SeedWatcher"/> re-indexes in the background and
/// the chat prints one line per change ("indexed 1 new article: …"). Off with --no-watch or Bot:Watch:Enabled=false.
/// </summary>
public static class ChatWatch
{
    public static readonly Option<bool> NoWatch = new("--no-watch") { Description = "Do not watch the seeds folder for changes while chatting" };

    /// <summary>Registers the watcher (for CommandRunner's extra services).</summary>
    public static void Register(IServiceCollection services) => services.AddSeedWatching();

    /// <summary>Starts watching unless turned off; dispose to stop.</summary>
    public static async Task<IAsyncDisposable> StartAsync(ParseResult parse, IServiceProvider services, IAnsiConsole console, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(services);
        var options = services.GetRequiredService<IOptions<WatchOptions>>().Value; // validates Bot:Watch
        if (parse.GetValue(NoWatch) || !options.Enabled) return NoOp.Instance;
        var watcher = services.GetRequiredService<SeedWatcher>();
        var session = new Session(watcher, console);
        watcher.Reindexed += session.OnReindexed;
        await watcher.StartAsync(ct).ConfigureAwait(false);
        return session;
    }

    /// <summary>The one-line notice for a run that changed the index, e.g. "indexed 1 new article: Lighthouse log".</summary>
    public static string Notice(IndexReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var parts = new List<string>();
        if (report.Added > 0) parts.Add($"indexed {Articles(report.Added, "new article")}: {Titles(report.AddedTitles)}");
        if (report.Updated > 0) parts.Add($"re-indexed {Articles(report.Updated, "changed article")}: {Titles(report.UpdatedTitles)}");
        if (report.Renamed > 0) parts.Add($"{Articles(report.Renamed, "article")} renamed");
        if (report.Removed > 0) parts.Add($"removed {Articles(report.Removed, "article")}: {Titles(report.RemovedPaths)}");
        return string.Join("; ", parts);
    }

    private static string Articles(int n, string noun) => n == 1 ? $"1 {noun}" : $"{n} {noun}s";

    private static string Titles(IReadOnlyList<string> titles) =>
        string.Join(", ", titles.Take(3).Select(t => t.Length <= 60 ? t : t[..59] + "…")) + (titles.Count > 3 ? $" and {titles.Count - 3} more" : "");

    private sealed class Session(SeedWatcher watcher, IAnsiConsole console) : IAsyncDisposable
    {
        public void OnReindexed(object? sender, ReindexedEventArgs e)
        {
            if (e.Error is not null) console.MarkupLine($"[yellow]re-indexing failed: {TerminalText.Markup(e.Error.Message)}[/]");
            else if (e.Report is { ChangedAnything: true } report) console.MarkupLine($"[grey]{TerminalText.Markup(Notice(report))}[/]");
        }

        public async ValueTask DisposeAsync()
        {
            watcher.Reindexed -= OnReindexed;
            await watcher.StopAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    private sealed class NoOp : IAsyncDisposable
    {
        public static readonly NoOp Instance = new();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
