using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Bot.Cli.Tests.TestSupport;

namespace Bot.Cli.Tests;

/// <summary>
/// `ask` and `chat` answer from the index as it is when a refresh fails, cannot write or takes long; new text is found by
/// its words before its vectors exist. Faults come from the fault host (tests run as root, where chmod does not bind).
/// </summary>
[Integration(TestCategory.Process)]
public sealed partial class AnsweringNeverWaitsTests : IDisposable
{
    private const string PearsQuestion = "How many crates of pears did the orchard produce?";
    private readonly TempFolder _seeds = new();
    private readonly TempFolder _data = new();

    public AnsweringNeverWaitsTests()
    {
        _seeds.File("orchard.txt", "Orchard report\n\nThe orchard produced 900 crates of pears in 2019.\n");
    }

    private Dictionary<string, string> Env(params (string Key, string Value)[] more)
    {
        var env = new Dictionary<string, string> { ["Bot__Embeddings__Provider"] = "none" };
        foreach (var (k, v) in more) env[k] = v;
        return env;
    }

    private string[] Args(params string[] args) => [.. args, "--seeds", _seeds.Path, "--data", _data.Path];

    private async Task IndexOldAsync()
    {
        var r = await BotProcess.RunAsync(Args("index"), env: Env());
        Assert.Equal(0, r.ExitCode);
    }

    private async Task<(int ExitCode, string Stdout, string Stderr)> FaultHostAsync(Dictionary<string, string> env, params string[] args)
    {
        await using var bot = BotSession.StartFaultHost(Args(args), env);
        var code = await bot.WaitForExitAsync(TimeSpan.FromSeconds(90));
        return (code, bot.Stdout, bot.Stderr);
    }

    [Theory]
    [InlineData("13", "database or disk is full")]
    [InlineData("8", "attempt to write a readonly database")]
    public async Task An_index_write_that_fails_leaves_ask_answering_from_the_old_index_with_a_notice(string sqliteError, string message)
    {
        await IndexOldAsync();
        _seeds.File("harbour.txt", "Harbour log\n\nThe harbour froze over in 1963.\n");

        // A generous budget: on a loaded machine the default 3 s can run out before the write is reached, and this test
        // is about the failed write, not the budget.
        var (code, stdout, stderr) = await FaultHostAsync(Env(("BOT_FAULT_FAIL_AT", $"in-upsert:1:{sqliteError}"), ("Bot__Index__AskRefreshSeconds", "120")), "ask", PearsQuestion);

        Assert.Equal(0, code);
        Assert.Contains("900 crates", stdout, StringComparison.Ordinal);
        var notice = Assert.Single(stderr.Split('\n'), l => l.Contains("answering from the index as it is", StringComparison.Ordinal));
        Assert.Contains(message, notice, StringComparison.Ordinal);
        Assert.Contains("run `bot index` to finish", notice, StringComparison.Ordinal);
        // The failed write rolled back; once the fault is gone the same refresh goes through.
        var after = await BotProcess.RunAsync(Args("ask", "When did the harbour freeze over?"), env: Env(("Bot__Index__AskRefreshSeconds", "120")));
        Assert.Equal(0, after.ExitCode);
        Assert.Contains("harbour.txt", after.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ask_over_an_unchanged_folder_prints_nothing_about_indexing()
    {
        await IndexOldAsync();

        var r = await BotProcess.RunAsync(Args("ask", PearsQuestion), env: Env());

        Assert.Equal(0, r.ExitCode);
        Assert.Contains("900 crates", r.Stdout, StringComparison.Ordinal);
        Assert.Equal("", r.Stderr);
    }

    [Fact]
    public async Task A_refresh_that_overruns_its_budget_does_not_hold_up_the_answer()
    {
        await IndexOldAsync();
        _seeds.File("harbour.txt", "Harbour log\n\nThe harbour froze over in 1963.\n");
        var sw = Stopwatch.StartNew();

        // The store blocks for ever inside the new file's write: only the budget can end the wait.
        await using var bot = BotSession.StartPausingAt("in-upsert:1", Args("ask", PearsQuestion), Env(("Bot__Index__AskRefreshSeconds", "1")));
        var code = await bot.WaitForExitAsync(TimeSpan.FromSeconds(90));

        Assert.Equal(0, code);
        Assert.Contains("900 crates", bot.Stdout, StringComparison.Ordinal);
        Assert.Contains("answering from the index as it is: indexing the changed files takes longer than 1 s; run `bot index` to finish", bot.Stderr, StringComparison.Ordinal);
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(60), $"took {sw.Elapsed}");
    }

    [Fact]
    public async Task A_huge_file_added_while_chatting_is_answered_from_before_its_vectors_are_made()
    {
        // ~300 paragraphs of 4 sentences: 1,500 texts to embed; the fake step needs 300 ms per 8, over 50 s in all.
        var big = new StringBuilder("Survey of the coast\n\n");
        for (int i = 0; i < 300; i++)
            big.Append($"Station {i} logged {i * 7} gulls. Its keeper was number {i}. The tide rose {i % 9} feet. Winds came from the west.\n\n");
        big.Append("The lighthouse at Cape Wrath was painted blue in 1977.\n");
        var env = Env(("BOT_FAULT_SLOW_EMBED_MS", "300"), ("Bot__Watch__DebounceMilliseconds", "100"), ("Bot__Watch__SettleMilliseconds", "200"),
            ("Bot__Watch__EmbedSliceSeconds", "1"));
        await using var chat = BotSession.StartFaultHost(Args("chat"), env);
        await chat.WriteLineAsync(PearsQuestion);
        await chat.WaitForAsync("900 crates", TimeSpan.FromSeconds(60));
        await Task.Delay(300); // the watcher starts right after the first index; give it a moment to be listening

        _seeds.File("coast.txt", big.ToString());
        await chat.WaitForAsync("indexed 1 new article: Survey of the coast", TimeSpan.FromSeconds(30));
        var sw = Stopwatch.StartNew();
        int from = chat.StdoutLineCount;
        await chat.WriteLineAsync("What colour was the lighthouse at Cape Wrath painted?");
        await chat.WaitForAsync("coast.txt", TimeSpan.FromSeconds(30), from: from);
        var answeredAfter = sw.Elapsed;
        var embeddedSoFar = EmbeddedCounts().Matches(chat.Stderr).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).DefaultIfEmpty(0).Max();

        Assert.Contains("painted blue in 1977", chat.Stdout, StringComparison.Ordinal);
        Assert.True(answeredAfter < TimeSpan.FromSeconds(20), $"the answer took {answeredAfter}");
        Assert.InRange(embeddedSoFar, 1, 1_000); // the embedding had started and was still under way
        await chat.WriteLineAsync("/quit");
        Assert.Equal(0, await chat.WaitForExitAsync(TimeSpan.FromSeconds(30)));
    }

    [GeneratedRegex(@"BOT-DEBUG-EMBEDDED (\d+)")]
    private static partial Regex EmbeddedCounts();

    public void Dispose()
    {
        _seeds.Dispose();
        _data.Dispose();
    }
}
