using System.Globalization;
using System.Text;
using Bot.Core.Answering;
using Bot.Core.Documents;
using Bot.Core.Indexing;
using Microsoft.Extensions.Options;

namespace Bot.Discord.Rendering;

/// <summary>
/// Renders an <see cref="Answer"/> as Discord messages: each quote a block quote (markdown escaped) followed by its
/// citation `[1] *Title*, ¶7` and the document's link; messages stay within the length limit and split only between
/// quotes; "not found" is said plainly.
/// </summary>
public sealed class DiscordAnswerRenderer(IOptions<DiscordOptions> options)
{
    private readonly int _limit = options?.Value.MaxMessageLength ?? 2000;

    public IReadOnlyList<string> Render(Answer answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var blocks = new List<string>();
        if (!answer.Answered)
        {
            blocks.Add(DiscordMarkdown.Escape(string.IsNullOrWhiteSpace(answer.Text) ? Answer.NotFoundText : answer.Text));
        }
        else
        {
            if (!string.IsNullOrWhiteSpace(answer.Text)) blocks.Add(DiscordMarkdown.Escape(answer.Text));
            for (var i = 0; i < answer.Quotes.Count; i++) blocks.AddRange(QuoteBlocks(answer.Quotes[i], i + 1));
        }
        if (!string.IsNullOrWhiteSpace(answer.Note)) blocks.Add($"-# {DiscordMarkdown.Escape(answer.Note)}");
        return Pack(blocks);
    }

    public IReadOnlyList<string> RenderSources(IReadOnlyList<SourceSummary> sources, string retrievalMode)
    {
        ArgumentNullException.ThrowIfNull(sources);
        var blocks = new List<string>
        {
            $"**{sources.Count.ToString(CultureInfo.InvariantCulture)} document(s)** · retrieval: {DiscordMarkdown.Escape(retrievalMode ?? "")}",
        };
        for (var i = 0; i < sources.Count; i++)
        {
            var s = sources[i];
            var published = string.Join(", ", new[] { s.Source is null ? null : DiscordMarkdown.Escape(s.Source), new DocumentCitation(null, s.Date, null, null).DisplayDate }.OfType<string>());
            var line = $"{(i + 1).ToString(CultureInfo.InvariantCulture)}\\. *{DiscordMarkdown.Escape(s.Title)}*{(published.Length > 0 ? $" ({published})" : "")} — `{s.Path.Replace('`', '\'')}`, " +
                       $"{s.Paragraphs.ToString(CultureInfo.InvariantCulture)} ¶, {s.Passages.ToString(CultureInfo.InvariantCulture)} passages";
            if (Link(s.Url) is { } url) line += $" · <{url}>";
            blocks.Add(line);
        }
        return Pack(blocks, "\n");
    }

    /// <summary>The plain-text citation of quote number <paramref name="n"/>: `[n] *Title*, ¶p` and `&lt;url&gt;` when known.</summary>
    public static string Citation(Quote quote, int n)
    {
        ArgumentNullException.ThrowIfNull(quote);
        // "[1] *Title* — Source, 4 July 2025, p. 3, ¶7" with what is known; "[1] *Title*, ¶7" without source, date and page.
        var details = new List<string>();
        if (quote.Source is { } source) details.Add(DiscordMarkdown.Escape(source));
        if (new DocumentCitation(null, quote.Date, null, null).DisplayDate is { } date) details.Add(date);
        if (quote.Page is { } page) details.Add($"p. {page.ToString(CultureInfo.InvariantCulture)}");
        details.Add($"¶{quote.Paragraph.ToString(CultureInfo.InvariantCulture)}");
        var separator = quote.Source is null && quote.Date is null ? ", " : " — ";
        var citation = $"[{n.ToString(CultureInfo.InvariantCulture)}] *{DiscordMarkdown.Escape(quote.Title)}*{separator}{string.Join(", ", details)}";
        // Why: <url> is a clickable link without an embed preview.
        return Link(quote.Url) is { } url ? $"{citation} · <{url}>" : citation;
    }

    private IEnumerable<string> QuoteBlocks(Quote quote, int n)
    {
        var citation = Citation(quote, n);
        var quoted = "> " + DiscordMarkdown.Escape(quote.Text.Trim()).Replace("\n", "\n> ", StringComparison.Ordinal);
        var whole = quoted + "\n" + citation;
        if (whole.Length <= _limit)
        {
            yield return whole;
            yield break;
        }
        // A single quote longer than a message: split it at spaces, every part still a block quote, the citation last.
        var budget = _limit - 2;
        var rest = quoted[2..];
        while (rest.Length > 0)
        {
            var last = rest.Length + 2 + 1 + citation.Length <= _limit;
            if (last)
            {
                yield return "> " + rest + "\n" + citation;
                yield break;
            }
            var cut = rest.Length <= budget ? rest.Length : rest.LastIndexOf(' ', budget - 1);
            if (cut <= budget / 2) cut = Math.Min(budget, rest.Length);
            if (cut > 0 && cut < rest.Length && rest[cut - 1] == '\\') cut--; // never split an escape from its character
            yield return "> " + rest[..cut].TrimEnd();
            rest = rest[cut..].TrimStart();
        }
        yield return citation;
    }

    private List<string> Pack(List<string> blocks, string separator = "\n\n")
    {
        var messages = new List<string>();
        var current = new StringBuilder();
        foreach (var block in blocks)
        {
            var text = block.Length <= _limit ? block : block[.._limit];
            if (current.Length > 0 && current.Length + separator.Length + text.Length > _limit)
            {
                messages.Add(current.ToString());
                current.Clear();
            }
            if (current.Length > 0) current.Append(separator);
            current.Append(text);
        }
        if (current.Length > 0) messages.Add(current.ToString());
        return messages;
    }

    private static string? Link(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttps || u.Scheme == Uri.UriSchemeHttp) && !url!.Contains('>', StringComparison.Ordinal)
            ? u.AbsoluteUri
            : null;
}
