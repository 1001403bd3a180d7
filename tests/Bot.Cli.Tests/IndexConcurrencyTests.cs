using System.Text.Json;
using Bot.Cli.Tests.TestSupport;

namespace Bot.Cli.Tests;

[Integration(TestCategory.Process, TestCategory.Model)]
public sealed class IndexConcurrencyTests : IDisposable
{
    private readonly TempFolder _seeds = new();
    private readonly TempFolder _data = new();

    public IndexConcurrencyTests()
    {
        for (int i = 0; i < 4; i++) _seeds.File($"note-{i}.txt", $"Note {i}\n\nThe surveyor measured {100 + i} metres of wall.\n");
    }

    private string[] Args(params string[] args) => [.. args, "--seeds", _seeds.Path, "--data", _data.Path];

    [Fact]
    public async Task A_second_index_says_clearly_that_one_is_running_and_with_wait_waits_for_it()
    {
        await using var first = BotSession.StartPausingAt("after-write:2", Args("index"));
        await first.WaitForAsync("BOT-DEBUG-PAUSED", TimeSpan.FromSeconds(60), stderr: true);

        var second = await BotProcess.RunAsync(Args("index"));
        Assert.Equal(3, second.ExitCode);
        Assert.Contains($"another process (pid {first.Id}) is indexing", second.Stderr, StringComparison.Ordinal);
        Assert.Contains("--wait", second.Stderr, StringComparison.Ordinal);

        // Readers are not blocked by the writer: ask answers from the committed documents.
        var ask = await BotProcess.RunAsync(Args("ask", "How many metres of wall did the surveyor measure?", "--json"));
        Assert.Equal(0, ask.ExitCode);

        await using var waiting = BotSession.Start(Args("index", "--wait", "--json"));
        await waiting.WaitForAsync("waiting", TimeSpan.FromSeconds(30), stderr: true);
        Assert.False(waiting.HasExited);
        await first.KillAsync();
        Assert.Equal(0, await waiting.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        using var json = JsonDocument.Parse(waiting.Stdout);
        Assert.Equal(2, json.RootElement.GetProperty("added").GetInt32()); // the two the killed run did not commit
        Assert.Equal(2, json.RootElement.GetProperty("unchanged").GetInt32());
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _seeds.Dispose();
        _data.Dispose();
    }
}
