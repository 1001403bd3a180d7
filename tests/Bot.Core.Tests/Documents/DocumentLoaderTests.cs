using System.Text;
using Bot.Core.Documents;
using Bot.Core.Tests.TestSupport;

namespace Bot.Core.Tests.Documents;

public class DocumentLoaderTests
{
    private static Document Parse(string text, string name) => DocumentLoader.Parse(Encoding.UTF8.GetBytes(text), name);

    [Fact]
    public void Txt_with_one_paragraph_per_line_numbers_every_line_and_derives_a_title()
    {
        var doc = Parse("In a historic move, Russia recognises Taliban rule. Second sentence.\nAnother paragraph here.\nThird one.", "a.txt");
        Assert.Equal(3, doc.Paragraphs.Count);
        Assert.Equal("Russia recognises Taliban rule", doc.Title);
        Assert.Equal("Another paragraph here.", doc.Text[doc.Paragraphs[1].Start..doc.Paragraphs[1].End]);
        Assert.Equal(2, doc.Paragraphs[1].Number);
    }

    [Fact]
    public void Txt_with_title_line_and_blank_line_paragraphs_uses_the_title_and_skips_it_as_a_paragraph()
    {
        var doc = Parse("Normans\n\nThe Normans were a people.\n\nThey lived in Normandy.\n", "normans.txt");
        Assert.Equal("Normans", doc.Title);
        Assert.Equal(2, doc.Paragraphs.Count);
        Assert.Equal("They lived in Normandy.", doc.Text[doc.Paragraphs[1].Start..doc.Paragraphs[1].End]);
    }

    [Fact]
    public void Long_first_sentence_title_is_shortened_at_a_word_boundary()
    {
        var doc = Parse(new string('x', 3) + " " + string.Join(" ", Enumerable.Repeat("word", 40)) + ".\nSecond.", "a.txt");
        Assert.True(doc.Title.Length <= TitleDeriver.MaxLength + 1);
        Assert.EndsWith("…", doc.Title, StringComparison.Ordinal);
    }

    [Fact]
    public void Markdown_front_matter_gives_title_and_url_and_paragraph_offsets_are_exact_source_slices()
    {
        const string md = "---\ntitle: Russia and the Taliban\nurl: https://example.org/a\ndate: 2025-07-04\n---\n# Heading\n\nFirst paragraph. It has two sentences.\n\n- a list item\n\nLast paragraph.\n";
        var doc = Parse(md, "a.md");
        Assert.Equal("Russia and the Taliban", doc.Title);
        Assert.Equal("https://example.org/a", doc.Url);
        Assert.Equal("2025-07-04", doc.Metadata["date"]);
        Assert.Equal(3, doc.Paragraphs.Count);
        Assert.Equal("First paragraph. It has two sentences.", md[doc.Paragraphs[0].Start..doc.Paragraphs[0].End]);
        Assert.Equal("Last paragraph.", md[doc.Paragraphs[2].Start..doc.Paragraphs[2].End]);
    }

    [Fact]
    public void Markdown_without_front_matter_takes_its_title_from_the_first_heading()
    {
        var doc = Parse("# The Title\n\nBody text here.\n", "a.md");
        Assert.Equal("The Title", doc.Title);
        Assert.Single(doc.Paragraphs);
    }

    [Fact]
    public void Malformed_front_matter_is_a_clear_load_error()
    {
        var e = Assert.Throws<DocumentLoadException>(() => Parse("---\ntitle: [unclosed\n---\nBody.\n", "a.md"));
        Assert.Contains("front matter", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Html_takes_title_and_article_paragraphs_and_ignores_navigation_and_scripts()
    {
        const string html = """
            <html><head><title>Site | Story</title><meta property="og:title" content="The Story"><link rel="canonical" href="https://example.org/story"></head>
            <body><nav><p>Menu item</p></nav><article><h1>The Story</h1><p>First <b>bold</b> paragraph.</p><script>var x = 1;</script>
            <p>Second &amp; last.</p></article><footer><p>Copyright</p></footer></body></html>
            """;
        var doc = Parse(html, "story.html");
        Assert.Equal("The Story", doc.Title);
        Assert.Equal("https://example.org/story", doc.Url);
        Assert.Equal(2, doc.Paragraphs.Count);
        Assert.Equal("First bold paragraph.", doc.Text[doc.Paragraphs[0].Start..doc.Paragraphs[0].End]);
        Assert.Equal("Second & last.", doc.Text[doc.Paragraphs[1].Start..doc.Paragraphs[1].End]);
    }

    [Fact]
    public void Binary_file_is_refused_by_name()
    {
        var e = Assert.Throws<DocumentLoadException>(() => DocumentLoader.Parse([0x89, 0x50, 0x4E, 0x47, 0x00, 0x01, 0x02], "image.txt"));
        Assert.Contains("binary", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_utf8_is_refused()
    {
        var e = Assert.Throws<DocumentLoadException>(() => DocumentLoader.Parse([0x48, 0x69, 0x20, 0xC3, 0x28, 0x20, 0x6F, 0x6B], "latin1.txt"));
        Assert.Contains("UTF-8", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n\n  \n")]
    public void Empty_file_is_refused(string content)
    {
        var e = Assert.Throws<DocumentLoadException>(() => Parse(content, "empty.txt"));
        Assert.Contains("empty", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Utf8_bom_is_not_part_of_the_text()
    {
        var doc = DocumentLoader.Parse([0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("Hello world.\nSecond.")], "bom.txt");
        Assert.Equal('H', doc.Text[0]);
    }

    [Fact]
    public async Task A_file_deleted_before_reading_is_reported_not_thrown_as_io_error()
    {
        using var tmp = new TempFolder();
        var path = tmp.File("gone.txt", "text");
        File.Delete(path);
        var e = await Assert.ThrowsAsync<DocumentLoadException>(() => DocumentLoader.LoadAsync(path, "gone.txt", 1 << 20, CancellationToken.None));
        Assert.Contains("disappeared", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_over_the_size_limit_is_refused_with_the_limit_named()
    {
        using var tmp = new TempFolder();
        var path = tmp.File("big.txt", new string('a', 5000));
        var e = await Assert.ThrowsAsync<DocumentLoadException>(() => DocumentLoader.LoadAsync(path, "big.txt", 1024, CancellationToken.None));
        Assert.Contains("Bot:MaxFileBytes", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Content_hash_depends_only_on_the_bytes()
    {
        Assert.Equal(Parse("Same text.", "a.txt").ContentHash, Parse("Same text.", "b.txt").ContentHash);
        Assert.NotEqual(Parse("Same text.", "a.txt").ContentHash, Parse("Other text.", "a.txt").ContentHash);
    }

    [Theory]
    [InlineData("utf-16le")]
    [InlineData("utf-16BE")]
    [InlineData("utf-32")]
    public void Text_with_a_utf16_or_utf32_byte_order_mark_is_decoded(string encodingName)
    {
        var encoding = encodingName switch
        {
            "utf-16le" => (System.Text.Encoding)new System.Text.UnicodeEncoding(false, true),
            "utf-16BE" => new System.Text.UnicodeEncoding(true, true),
            _ => new System.Text.UTF32Encoding(false, true),
        };
        var text = "Café notes\n\nThe lighthouse keeper counted 42 ships in March.\n";
        var bytes = encoding.GetPreamble().Concat(encoding.GetBytes(text)).ToArray();

        var doc = DocumentLoader.Parse(bytes, "notes.txt");

        Assert.Equal("Café notes", doc.Title);
        var p = Assert.Single(doc.Paragraphs);
        Assert.Equal("The lighthouse keeper counted 42 ships in March.", doc.Text[p.Start..p.End]);
    }

    [Fact]
    public void Utf16_with_a_mark_but_broken_surrogates_is_reported_as_not_utf16()
    {
        byte[] bytes = [0xFF, 0xFE, 0x41, 0x00, 0x00, 0xD8, 0x41, 0x00];
        var e = Assert.Throws<DocumentLoadException>(() => DocumentLoader.Parse(bytes, "bad.txt"));
        Assert.Contains("UTF-16", e.Message, StringComparison.Ordinal);
    }
}
