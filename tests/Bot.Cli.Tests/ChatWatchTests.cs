using System.Diagnostics;
using Bot.Cli.Tests.TestSupport;

namespace Bot.Cli.Tests;

[Integration(TestCategory.Process, TestCategory.Model)]
public sealed class ChatWatchTests : IDisposable
{
    private readonly TempFolder _seeds = new();
    private readonly TempFolder _data = new();

    public ChatWatchTests()
    {
        _seeds.File("lighthouse.txt", "Lighthouse log\n\nThe keeper counted 42 ships in March.\n");
    }

    [Fact]
    public async Task The_chat_picks_up_a_new_article_within_seconds_and_answers_from_it()
    {
        await using var chat = BotSession.Start(["chat", "--seeds", _seeds.Path, "--data", _data.Path],
            new Dictionary<string, string> { ["Bot__Watch__DebounceMilliseconds"] = "100", ["Bot__Watch__SettleMilliseconds"] = "200" });
        await chat.WriteLineAsync("How many crates of pears did the orchard produce?");
        await chat.WaitForAsync("Not found in the sources.", TimeSpan.FromSeconds(60));
        await Task.Delay(300); // the watcher starts right after the first index; give it a moment to be listening

        var sw = Stopwatch.StartNew();
        _seeds.File("orchard.txt", "Orchard report\n\nThe orchard produced 900 crates of pears in 2019.\n");
        var notice = await chat.WaitForAsync("indexed 1 new article: Orchard report", TimeSpan.FromSeconds(15));
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(5), $"the notice took {sw.Elapsed}");

        int from = chat.StdoutLineCount;
        await chat.WriteLineAsync("How many crates of pears did the orchard produce?");
        await chat.WaitForAsync("orchard.txt", TimeSpan.FromSeconds(30), from: from);
        Assert.Contains("900 crates", chat.Stdout, StringComparison.Ordinal);

        await chat.WriteLineAsync("/quit");
        Assert.Equal(0, await chat.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal("indexed 1 new article: Orchard report", notice.Trim());
    }

    [Fact]
    public async Task With_no_watch_the_chat_does_not_follow_the_folder()
    {
        await using var chat = BotSession.Start(["chat", "--no-watch", "--seeds", _seeds.Path, "--data", _data.Path],
            new Dictionary<string, string> { ["Bot__Watch__DebounceMilliseconds"] = "50", ["Bot__Watch__SettleMilliseconds"] = "0" });
        await chat.WriteLineAsync("/help");
        await chat.WaitForAsync("/quit", TimeSpan.FromSeconds(60));
        _seeds.File("orchard.txt", "Orchard report\n\nThe orchard produced 900 crates of pears in 2019.\n");
        await Task.Delay(1000);
        await chat.WriteLineAsync("/quit");
        Assert.Equal(0, await chat.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Assert.DoesNotContain("new article", chat.Stdout, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _seeds.Dispose();
        _data.Dispose();
    }
}
