using Bot.Cli.Tests.TestSupport;

namespace Bot.Cli.Tests;

/// <summary>SIGKILL an indexing `bot` at exact index fault points (the test-only fault host), then check the index and the next run.</summary>
[Integration(TestCategory.Process, TestCategory.Model)]
public sealed class CrashSafetyTests(CrashSafetyFixture fixture) : IClassFixture<CrashSafetyFixture>
{
    [Theory]
    [InlineData("in-upsert:1", false)]   // inside the first document's transaction
    [InlineData("after-write:3", false)] // between committed documents (after a rename and an update)
    [InlineData("after-write:12", false)] // among the removals at the end
    [InlineData("in-upsert:6", true)]    // a first build from an empty data folder
    public async Task Killed_indexing_leaves_a_consistent_index_and_the_next_run_converges(string point, bool fromScratch)
    {
        using var data = fromScratch ? new TempFolder() : fixture.CopyOfBase();
        await using (var bot = BotSession.StartPausingAt(point, ["index", "--seeds", fixture.Seeds.Path, "--data", data.Path]))
        {
            await bot.WaitForAsync("BOT-DEBUG-PAUSED " + point, TimeSpan.FromSeconds(60), stderr: true);
            await bot.KillAsync();
        }

        var verify = await BotProcess.RunAsync(["index", "--verify", "--seeds", fixture.Seeds.Path, "--data", data.Path]);
        Assert.True(verify.ExitCode == 0, verify.Stdout + verify.Stderr);
        Assert.Contains("index consistent", verify.Stdout, StringComparison.Ordinal);
        Assert.NotEqual(fixture.Reference, IndexSnapshot.Read(Path.Combine(data.Path, "index.db"))); // really stopped half-way

        await fixture.MustSucceed("index", data.Path);
        Assert.Equal(fixture.Reference, IndexSnapshot.Read(Path.Combine(data.Path, "index.db")));
    }
}
