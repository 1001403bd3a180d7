using System.Text;
using Bot.Core.Documents;

namespace Bot.Core.Tests.Documents;

/// <summary>The rules that take boilerplate out of an extracted web article (docs/extraction.md).</summary>
public class HtmlArticleExtractionTests
{
    private const string Story1 = "The city council voted on Tuesday to rebuild the old harbour bridge, ending a debate that has divided residents for more than ten years and cost the city dearly.";
    private const string Story2 = "Engineers say the new bridge will carry twice the traffic of the old one, and that work on its foundations can begin in the spring once the river is low enough.";
    private const string Story3 = "Opponents of the plan argued that a tunnel would have been cheaper to maintain, but the council found that the bridge was the only option the budget could carry.";

    private static string Page(string insideArticle, string afterArticle = "") => $"""
        <html><head><title>Bridge vote</title></head><body>
        <div class="page"><article><h1>Council votes to rebuild the bridge</h1>
        <div class="story-body"><p>{Story1}</p>{insideArticle}<p>{Story2}</p><p>{Story3}</p></div>
        {afterArticle}</article></div></body></html>
        """;

    private static List<string> Paragraphs(string html)
    {
        var doc = DocumentLoader.Parse(Encoding.UTF8.GetBytes(html), "story.html");
        return doc.Paragraphs.Select(p => doc.Text[p.Start..p.End]).ToList();
    }

    [Theory]
    [InlineData("related-stories", "<ul><li><a href='/a'>Harbour traffic doubled in a decade, figures show</a></li><li><a href='/b'>Ferry service to end next year as bridge plan advances</a></li></ul>")]
    [InlineData("newsletter-signup", "<p>Get the best of our local news delivered to your inbox every morning: sign up for our free daily newsletter today.</p>")]
    [InlineData("author-bio", "<p>Jane Doe covers city hall for the Gazette and has written about the harbour since 2009. She lives by the river with two cats.</p>")]
    [InlineData("share_bar", "<p>Share this story with your friends on Facebook, Twitter, WhatsApp or by email, and tell us what you think of it.</p>")]
    public void Boxes_named_as_boilerplate_are_dropped_and_the_article_kept(string className, string box)
    {
        var paragraphs = Paragraphs(Page($"<div class=\"{className}\">{box}</div>"));

        Assert.Equal([Story1, Story2, Story3], paragraphs);
    }

    [Fact]
    public void A_box_with_a_boilerplate_name_that_holds_the_story_prose_is_kept()
    {
        // "share" names the wrapper, but two long paragraphs in it are the story itself.
        var html = $"""
            <html><head><title>Bridge vote</title></head><body><nav><a href="/">Home</a></nav>
            <div class="share-wrapper"><article><h1>Council votes</h1><p>{Story1}</p><p>{Story2}</p><p>{Story3}</p></article></div>
            <nav><ul>{string.Concat(Enumerable.Repeat("<li><a href=\"/s\">A menu entry long enough to make the wrapper under a quarter of the page's text, as on real sites</a></li>", 30))}</ul></nav>
            </body></html>
            """;

        Assert.Contains(Story1, Paragraphs(html));
    }

    [Fact]
    public void Figure_captions_are_dropped()
    {
        var paragraphs = Paragraphs(Page("<figure><img src=\"bridge.jpg\"><figcaption>The old harbour bridge at dusk, photographed from the north bank of the river last winter.</figcaption></figure>"));

        Assert.Equal([Story1, Story2, Story3], paragraphs);
    }

    [Fact]
    public void A_sentence_long_paragraph_repeated_is_kept_once_but_short_repeats_stay()
    {
        var paragraphs = Paragraphs(Page(
            $"<blockquote>{Story2}</blockquote><table><tr><td>Cost</td><td>12</td></tr><tr><td>Length</td><td>12</td></tr></table>"));

        Assert.Single(paragraphs, p => p == Story2);
        Assert.Equal(2, paragraphs.Count(p => p == "12"));
    }

    [Fact]
    public void Text_written_loose_without_paragraph_elements_is_read_as_paragraphs()
    {
        var html = $"""
            <html><head><title>Bridge vote</title></head><body>
            <div class="content" itemprop="articleBody">{Story1}<div class="fake-br"></div>{Story2}<br><br>{Story3}<br>Tags</div>
            </body></html>
            """;

        var paragraphs = Paragraphs(html);

        Assert.Equal([Story1, Story2, Story3], paragraphs);
    }
}
