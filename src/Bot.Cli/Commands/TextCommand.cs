using System.CommandLine;
using Bot.Core.Configuration;
using Bot.Core.Documents;
using Bot.Core.Indexing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Bot.Cli.Commands;

/// <summary>
/// `bot text PATH`: the document's text exactly as the index's offsets index it (for .html, .pdf and .docx the extracted
/// text), on standard output and nothing else, so the characters [start, end) of any quote can be checked by anyone.
/// </summary>
public static class TextCommand
{
    public static Command Create()
    {
        var path = new Argument<string>("path") { Description = "The document's path as cited (relative to the seeds folder)" };
        var command = new Command("text", "Print a document's text exactly as quote offsets index it (refreshing the index first)") { path };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(parse, async services =>
        {
            var cited = Normalize(parse.GetValue(path) ?? "");
            if (cited.Length == 0) return CommandRunner.Fail("give the document's path as cited, relative to the seeds folder", ExitCodes.UsageError);
            // The text phase only: what the offsets of an answer given now index, without loading an embedding model.
            var indexer = services.GetRequiredService<SeedIndexer>();
            try
            {
                await indexer.IndexAsync(new IndexRequest { Vectors = false, LockWait = TimeSpan.FromSeconds(2) }, null, ct).ConfigureAwait(false);
            }
            catch (IndexBusyException)
            {
                // Another process is indexing: the text as it is stored now is what answers are quoted from.
            }
            var store = services.GetRequiredService<IIndexStore>();
            var text = await store.GetDocumentTextAsync(cited, ct).ConfigureAwait(false);
            if (text is null) return CommandRunner.Fail(await WhyNotIndexedAsync(services, cited, ct).ConfigureAwait(false), ExitCodes.Failure);
            await Console.Out.WriteAsync(text.AsMemory(), ct).ConfigureAwait(false);
            await Console.Out.FlushAsync(ct).ConfigureAwait(false);
            return ExitCodes.Answered;
        }));
        return command;
    }

    /// <summary>"a/b.html", "./a/b.html" and "a\b.html" all name the document cited as "a/b.html".</summary>
    internal static string Normalize(string path)
    {
        var p = path.Trim().Replace('\\', '/');
        while (p.StartsWith("./", StringComparison.Ordinal)) p = p[2..];
        return p.TrimStart('/');
    }

    private static async Task<string> WhyNotIndexedAsync(IServiceProvider services, string cited, CancellationToken ct)
    {
        var options = services.GetRequiredService<IOptions<BotOptions>>().Value;
        var full = Path.GetFullPath(Path.Combine(options.SeedsPath, cited));
        if (!File.Exists(full)) return $"{cited}: no such document in the seeds folder {options.SeedsPath}";
        if (!DocumentLoader.IsSupported(full)) return $"{cited}: not indexed (unsupported file type '{Path.GetExtension(full)}')";
        try
        {
            await DocumentLoader.LoadAsync(full, cited, options.MaxFileBytes, ct).ConfigureAwait(false);
        }
        catch (DocumentLoadException e)
        {
            return $"{cited}: not indexed ({e.Message})";
        }
        return $"{cited}: not in the index (hidden, outside the seeds folder through a link, or not indexed yet: run `bot index`)";
    }
}
