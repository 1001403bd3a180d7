using Bot.Core.Answering;
using Bot.Discord.Rendering;
using Microsoft.Extensions.Options;

namespace Bot.Discord.Tests.Rendering;

public sealed class AnswerRenderingTests
{
    private static readonly DiscordAnswerRenderer Renderer = new(Options.Create(new DiscordOptions()));

    private static Quote Q(string text, int paragraph = 7, string? url = null, string title = "Russia recognises Taliban rule") =>
        new(text, title, "russia.txt", paragraph, 0, text.Length, 1, url);

    [Fact]
    public void Quotes_render_as_block_quotes_each_followed_by_its_citation_and_link()
    {
        var answer = new Answer("q", true, [Q("In April, it happened.", 7, "https://example.org/a"), Q("Second.", 2)], []);
        var message = Assert.Single(Renderer.Render(answer));
        Assert.Equal("> In April, it happened.\n[1] *Russia recognises Taliban rule*, ¶7 · <https://example.org/a>\n\n> Second.\n[2] *Russia recognises Taliban rule*, ¶2", message);
    }

    [Fact]
    public void Markdown_and_mention_syntax_in_quotes_and_titles_is_escaped()
    {
        var answer = new Answer("q", true, [Q("**Bold** _it_ ~~x~~ `code` ||spoiler|| <@123> [link](http://x) \\ end", title: "A *star* title")], []);
        var message = Assert.Single(Renderer.Render(answer));
        Assert.StartsWith(@"> \*\*Bold\*\* \_it\_ \~\~x\~\~ \`code\` \|\|spoiler\|\| \<@123\> \[link\]\(http://x\) \\ end", message, StringComparison.Ordinal);
        Assert.Contains(@"*A \*star\* title*", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("# Heading", @"\# Heading")]
    [InlineData("- item", @"\- item")]
    [InlineData("1. first", @"1\. first")]
    [InlineData("a - b # c", "a - b # c")]
    public void Line_start_markdown_is_escaped_only_at_line_start(string text, string expected)
    {
        Assert.Equal(expected, DiscordMarkdown.Escape(text));
    }

    [Fact]
    public void Not_found_is_said_plainly()
    {
        var message = Assert.Single(Renderer.Render(Answer.NotFound("q", [Q("closest sentence")])));
        Assert.Equal("Not found in the sources.", message);
    }

    [Fact]
    public void Long_answers_split_between_quotes_into_messages_of_at_most_2000_characters()
    {
        var quotes = Enumerable.Range(1, 5).Select(i => Q($"Quote {i} " + new string('w', 700), i)).ToList();
        var messages = Renderer.Render(new Answer("q", true, quotes, []));
        Assert.True(messages.Count >= 3);
        Assert.All(messages, m => Assert.InRange(m.Length, 1, 2000));
        Assert.All(messages, m => Assert.StartsWith("> Quote ", m, StringComparison.Ordinal));
        var all = string.Join("\n\n", messages);
        for (var i = 1; i <= 5; i++) Assert.Contains($"[{i}] *Russia recognises Taliban rule*, ¶{i}", all, StringComparison.Ordinal);
    }

    [Fact]
    public void A_single_quote_longer_than_a_message_is_split_into_block_quoted_parts_with_the_citation_last()
    {
        var text = string.Join(' ', Enumerable.Repeat("word", 1000)); // 4999 characters
        var messages = Renderer.Render(new Answer("q", true, [Q(text)], []));
        Assert.True(messages.Count >= 3);
        Assert.All(messages, m => Assert.InRange(m.Length, 1, 2000));
        Assert.All(messages, m => Assert.StartsWith("> word", m, StringComparison.Ordinal));
        Assert.EndsWith("[1] *Russia recognises Taliban rule*, ¶7", messages[^1], StringComparison.Ordinal);
        Assert.Equal(1000, string.Concat(messages).Split("word").Length - 1);
    }

    [Fact]
    public void Non_http_urls_are_not_linked()
    {
        var message = Assert.Single(Renderer.Render(new Answer("q", true, [Q("x", url: "javascript:alert(1)")], [])));
        Assert.DoesNotContain("javascript", message, StringComparison.Ordinal);
    }
}
