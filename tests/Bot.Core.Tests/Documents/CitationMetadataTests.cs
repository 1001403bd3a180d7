using System.Text;
using Bot.Core.Documents;

namespace Bot.Core.Tests.Documents;

/// <summary>Source, date, url and author from Markdown front matter and HTML metadata, and how a citation reads.</summary>
public class CitationMetadataTests
{
    private static Document Parse(string text, string name) => DocumentLoader.Parse(Encoding.UTF8.GetBytes(text), name);

    [Fact]
    public void Html_json_ld_gives_date_publisher_and_author_and_the_canonical_link_is_the_url()
    {
        var doc = Parse("""
            <html><head><title>Storm</title>
            <link rel="canonical" href="https://news.example/storm">
            <meta property="og:url" content="https://news.example/storm?utm=x">
            <script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"NewsArticle",
              "datePublished":"2025-07-04T23:30:00-05:00","author":[{"@type":"Person","name":"Ann Reed"}],
              "publisher":{"@type":"Organization","name":"Coast News"}}]}</script>
            </head><body><article><p>The storm reached the coast.</p></article></body></html>
            """, "storm.html");
        Assert.Equal("https://news.example/storm", doc.Url);
        Assert.Equal("2025-07-04", doc.Metadata["date"]); // the day in the time zone the page gave
        Assert.Equal("Coast News", doc.Metadata["source"]);
        Assert.Equal("Ann Reed", doc.Metadata["author"]);
    }

    [Fact]
    public void Html_published_time_and_site_name_win_and_a_time_element_is_the_last_resort()
    {
        var meta = Parse("""
            <html><head><meta property="article:published_time" content="2025-03-01T08:00:00Z">
            <meta property="og:site_name" content="Harbour Herald"></head>
            <body><article><time datetime="2024-01-01">old</time><p>Text of the article.</p></article></body></html>
            """, "a.html").Metadata;
        Assert.Equal(("2025-03-01", "Harbour Herald"), (meta["date"], meta["source"]));
        var time = Parse("<html><body><article><time datetime=\"2025-07-04\">4 July</time><p>Text.</p></article></body></html>", "b.html");
        Assert.Equal("2025-07-04", time.Metadata["date"]);
    }

    [Fact]
    public void Markdown_front_matter_keeps_source_author_and_a_normalised_date()
    {
        var doc = Parse("---\ntitle: Harbour reopens\nurl: https://news.example/h\ndate: July 4, 2025\nsource: Coast News\nauthor: Ann Reed\n---\nThe harbour reopened.\n", "h.md");
        var c = DocumentCitation.From(doc.Metadata);
        Assert.Equal(("Coast News", "2025-07-04", "Ann Reed"), (c.Source, c.Date, c.Author));
        Assert.Equal("Harbour reopens — Coast News, 4 July 2025, ¶7", c.Format(doc.Title, 7, null));
    }

    [Fact]
    public void A_citation_names_only_what_is_known()
    {
        Assert.Equal("Report ¶2", DocumentCitation.None.Format("Report", 2, null));
        Assert.Equal("Report p. 3, ¶5", DocumentCitation.None.Format("Report", 5, 3));
        Assert.Equal("Report — spring 2025, ¶1", new DocumentCitation(null, "spring 2025", null, null).Format("Report", 1, null));
        Assert.Equal("2025-07-04", DocumentCitation.NormalizeDate("4 July 2025"));
        Assert.Equal("not a date", DocumentCitation.NormalizeDate("not a date"));
    }
}
