using System.Text.Json;
using Bot.Cli.Tests.TestSupport;

namespace Bot.Cli.Tests;

/// <summary>
/// `bot text PATH` prints exactly the text quote offsets index: for each format, a quote from `bot ask --json` is the
/// slice [start, end) of what `bot text` prints for its path. Lexical retrieval (no model load) keeps these quick.
/// </summary>
[Integration(TestCategory.Process)]
public sealed class TextCommandTests : IDisposable
{
    private readonly TempFolder _seeds = new();
    private readonly TempFolder _data = new();

    private static readonly Dictionary<string, string> Lexical = new() { ["Bot__Embeddings__Provider"] = "none" };

    private Task<BotProcess.Result> Bot(params string[] args) =>
        BotProcess.RunAsync(args.Concat(["--seeds", _seeds.Path, "--data", _data.Path]), env: Lexical);

    private async Task<JsonElement> AskJsonAsync(string question)
    {
        var r = await Bot("ask", question, "--json");
        Assert.True(r.ExitCode == 0, $"exit {r.ExitCode}: {r.Stdout} {r.Stderr}");
        using var json = JsonDocument.Parse(r.Stdout);
        return json.RootElement.GetProperty("quotes")[0].Clone();
    }

    private async Task AssertQuoteSlicesTextAsync(JsonElement quote)
    {
        var text = await Bot("text", quote.GetProperty("path").GetString()!);
        Assert.Equal(0, text.ExitCode);
        Assert.Equal("", text.Stderr);
        int start = quote.GetProperty("start").GetInt32(), end = quote.GetProperty("end").GetInt32();
        Assert.Equal(quote.GetProperty("text").GetString(), text.Stdout[start..end]);
    }

    [Fact]
    public async Task Html_quote_offsets_slice_the_extracted_text_that_bot_text_prints()
    {
        _seeds.File("news/storm.html", """
            <html><head><title>Storm hits the coast</title></head><body><nav>Home | World | Sport</nav>
            <article><h1>Storm hits the coast</h1>
            <p>The storm reached the   coast on Tuesday night, forecasters said.</p>
            <p>Officials said   <b>three hundred</b> homes in Marlow lost power after the lighthouse flooded.</p>
            </article><footer>Copyright</footer></body></html>
            """);
        _seeds.File("other.txt", "Unrelated\n\nThe library opens at nine in the morning on weekdays.");
        var quote = await AskJsonAsync("how many homes in Marlow lost power?");
        Assert.Equal("news/storm.html", quote.GetProperty("path").GetString());
        Assert.Contains("three hundred homes in Marlow", quote.GetProperty("text").GetString(), StringComparison.Ordinal);
        await AssertQuoteSlicesTextAsync(quote);
    }

    [Fact]
    public async Task Markdown_quote_offsets_slice_the_file_text_that_bot_text_prints()
    {
        _seeds.File("harbour.md", """
            ---
            title: Harbour reopens
            source: Coast News
            ---
            # Harbour reopens

            The harbour at Marlow reopened on Friday after the storm, the port authority said.

            Fishing boats returned to the quay by the afternoon.
            """);
        var quote = await AskJsonAsync("when did the harbour at Marlow reopen?");
        Assert.Equal("harbour.md", quote.GetProperty("path").GetString());
        await AssertQuoteSlicesTextAsync(quote);
        var file = await File.ReadAllTextAsync(Path.Combine(_seeds.Path, "harbour.md"));
        var text = await Bot("text", "./harbour.md");
        Assert.Equal(file, text.Stdout);
    }

    [Fact]
    public async Task Pdf_quote_gives_page_and_paragraph_and_its_offsets_slice_what_bot_text_prints()
    {
        _seeds.Bytes("reports/annual.pdf", PdfFixtures.AnnualReport());
        var quote = await AskJsonAsync("what did divers find during the inspection of the breakwater?");
        Assert.Equal(("reports/annual.pdf", 2, 1), (quote.GetProperty("path").GetString(), quote.GetProperty("paragraph").GetInt32(), quote.GetProperty("page").GetInt32()));
        Assert.Contains("inspection of the breakwater", quote.GetProperty("text").GetString(), StringComparison.Ordinal);
        await AssertQuoteSlicesTextAsync(quote);

        var later = await AskJsonAsync("how deep will the authority dredge the inner basin?");
        Assert.Equal((5, 3), (later.GetProperty("paragraph").GetInt32(), later.GetProperty("page").GetInt32()));
        var console = await Bot("ask", "how deep will the authority dredge the inner basin?");
        Assert.Contains("Harbour Works Review p. 3, ¶5 — reports/annual.pdf", console.Stdout, StringComparison.Ordinal);
        var sources = await Bot("sources");
        Assert.Contains("no text on page 2", sources.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Docx_quote_offsets_slice_what_bot_text_prints_and_a_table_row_is_quoted_as_its_paragraph()
    {
        _seeds.Bytes("review.docx", DocxFixtures.HarbourReview());
        var quote = await AskJsonAsync("what did divers find during the inspection of the breakwater?");
        Assert.Equal(("review.docx", 5), (quote.GetProperty("path").GetString(), quote.GetProperty("paragraph").GetInt32()));
        await AssertQuoteSlicesTextAsync(quote);
        var row = await AskJsonAsync("what is the tonnage of the Marlow Star?");
        Assert.Equal("Marlow Star | 1,200 tonnes", row.GetProperty("text").GetString());
        await AssertQuoteSlicesTextAsync(row);
    }

    [Fact]
    public async Task Citations_with_front_matter_give_source_and_date_in_json_and_on_the_console()
    {
        _seeds.File("harbour.md", "---\ntitle: Harbour reopens\nurl: https://news.example/harbour\nsource: Coast News\ndate: 2025-07-04\n---\nThe harbour at Marlow reopened on Friday after the storm, the port authority said.\n");
        var quote = await AskJsonAsync("when did the harbour at Marlow reopen?");
        Assert.Equal(("Coast News", "2025-07-04", "https://news.example/harbour"),
            (quote.GetProperty("source").GetString(), quote.GetProperty("date").GetString(), quote.GetProperty("url").GetString()));
        Assert.False(quote.TryGetProperty("page", out _));
        var console = await Bot("ask", "when did the harbour at Marlow reopen?");
        Assert.Contains("Harbour reopens — Coast News, 4 July 2025, ¶1 — harbour.md", console.Stdout, StringComparison.Ordinal);
        var sources = await Bot("sources", "--json");
        Assert.Contains("\"source\":\"Coast News\"", sources.Stdout, StringComparison.Ordinal);
        Assert.Contains("\"date\":\"2025-07-04\"", sources.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_path_that_is_not_indexed_is_refused_with_a_one_line_reason()
    {
        _seeds.File("a.txt", "Title\n\nSome text about the harbour.");
        _seeds.Bytes("b.txt", [0x00, 0x01, 0x02, 0x03]);
        var missing = await Bot("text", "nope.txt");
        Assert.Equal(3, missing.ExitCode);
        Assert.Equal("", missing.Stdout);
        Assert.Contains("nope.txt: no such document", missing.Stderr, StringComparison.Ordinal);
        var binary = await Bot("text", "b.txt");
        Assert.Equal(3, binary.ExitCode);
        Assert.Contains("binary", binary.Stderr, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _seeds.Dispose();
        _data.Dispose();
    }
}
