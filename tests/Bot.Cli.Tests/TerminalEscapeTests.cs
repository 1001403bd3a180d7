using Bot.Cli.Rendering;
using Bot.Cli.Tests.TestSupport;

namespace Bot.Cli.Tests;

[Integration(TestCategory.Process)]
public sealed class TerminalEscapeTests
{
    [Fact]
    public void Control_characters_and_bidi_overrides_are_shown_escaped_and_line_breaks_stay()
    {
        Assert.Equal("\\x1B]0;PWNED\\x07\\x1B[2J title", TerminalText.Sanitize("\u001b]0;PWNED\u0007\u001b[2J title"));
        Assert.Equal("abc\\u202Eexe.txt", TerminalText.Sanitize("abc\u202Eexe.txt"));
        Assert.Equal("two\nlines\tand a tab", TerminalText.Sanitize("two\nlines\tand a tab"));
        Assert.Equal("[[x]] \\x1B", TerminalText.Markup("[x] \u001b"));
    }

    [Fact]
    public async Task A_quote_with_an_emoji_code_is_shown_verbatim()
    {
        using var seeds = new TempFolder();
        using var data = new TempFolder();
        // Spectre markup would print a flame for ":fire:"; a quote must reach the terminal exactly as the source has it.
        seeds.File("chat:fire:log.txt", "Chat log\n\nThe moderator typed :fire: at 10:30:00 to mark the lighthouse alarm.\n");

        var r = await BotProcess.RunAsync(["ask", "What did the moderator type to mark the lighthouse alarm?", "--seeds", seeds.Path, "--data", data.Path,
            "--no-llm"], "", new Dictionary<string, string> { ["Bot__Embeddings__Provider"] = "none" });

        Assert.Equal(0, r.ExitCode);
        Assert.Contains("> The moderator typed :fire: at 10:30:00 to mark the lighthouse alarm.", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("chat:fire:log.txt", r.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("\U0001F525", r.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_escape_sequence_in_a_title_and_a_file_name_never_reaches_the_terminal()
    {
        using var seeds = new TempFolder();
        using var data = new TempFolder();
        seeds.File("evil\u001b[2J.txt", "Harbour \u001b]0;PWNED\u0007news\n\nThe lighthouse keeper counted 42 ships in March.\n");

        var r = await BotProcess.RunAsync(["ask", "How many ships did the lighthouse keeper count?", "--seeds", seeds.Path, "--data", data.Path,
            "--no-llm"], "", new Dictionary<string, string> { ["Bot__Embeddings__Provider"] = "none" });

        Assert.Equal(0, r.ExitCode);
        Assert.Contains("42 ships", r.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', r.Stdout + r.Stderr);
        Assert.Contains("Harbour \\x1B]0;PWNED\\x07news", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("evil\\x1B[2J.txt", r.Stdout, StringComparison.Ordinal);
    }
}
