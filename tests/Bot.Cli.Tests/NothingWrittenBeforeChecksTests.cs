using Bot.Cli.Tests.TestSupport;

namespace Bot.Cli.Tests;

/// <summary>
/// Nothing is written to `--data` until the seeds folder and the configuration check out: a missing seeds folder, a run
/// from the wrong folder or an invalid setting fails with one line and leaves no data folder (no lock file, no unpacked
/// model, no index.db).
/// </summary>
[Integration(TestCategory.Process)]
public sealed class NothingWrittenBeforeChecksTests : IDisposable
{
    private readonly TempFolder _root = new();

    private string Data => Path.Combine(_root.Path, "data");

    private string Seeds
    {
        get
        {
            var seeds = Path.Combine(_root.Path, "seeds");
            Directory.CreateDirectory(seeds);
            File.Copy(Path.Combine(RepoPaths.Seeds, "russia-recognises-taliban.txt"), Path.Combine(seeds, "russia.txt"), overwrite: true);
            return seeds;
        }
    }

    private static readonly Dictionary<string, string> DiscordEnv = new()
    {
        ["DISCORD_TOKEN"] = "test-token",
        ["Bot__Discord__ApiBaseUrl"] = "http://127.0.0.1:1/api/v10",
        ["Bot__Discord__RegisterCommands"] = "false",
    };

    [Theory]
    [InlineData("ask", "when did Russia delist the Taliban?")]
    [InlineData("index")]
    [InlineData("sources")]
    [InlineData("chat")]
    [InlineData("discord")]
    public async Task A_missing_seeds_folder_fails_in_one_line_and_creates_no_data_folder(params string[] command)
    {
        var missing = Path.Combine(_root.Path, "no-such-seeds");

        var r = await BotProcess.RunAsync(command.Concat(["--seeds", missing, "--data", Data]), stdin: "/quit\n", env: DiscordEnv);

        Assert.Equal(3, r.ExitCode);
        Assert.Equal($"error: The seeds folder '{missing}' does not exist; run from the folder that holds it or pass --seeds DIR.",
            Assert.Single(r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)).Trim());
        Assert.False(Directory.Exists(Data), "the data folder was created");
        Assert.Equal("", r.Stdout);
    }

    [Fact]
    public async Task Running_from_a_folder_without_seeds_writes_no_dot_bot_folder_there()
    {
        var elsewhere = Path.Combine(_root.Path, "elsewhere");
        Directory.CreateDirectory(elsewhere);

        var r = await BotProcess.RunAsync(["ask", "when did Russia delist the Taliban?"], workingDirectory: elsewhere);

        Assert.Equal(3, r.ExitCode);
        Assert.Contains($"The seeds folder 'seeds' ({Path.Combine(elsewhere, "seeds")}) does not exist", r.Stderr, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(elsewhere));
    }

    [Theory]
    [InlineData("Bot__Index__AskRefreshSeconds", "-1", "AskRefreshSeconds", "ask", "when did Russia delist the Taliban?")]
    [InlineData("Bot__Index__AskRefreshSeconds", "soon", "Bot:Index:AskRefreshSeconds is 'soon', which is not a whole number", "index")]
    [InlineData("Bot__Llm__Endpoint", "notaurl", "Bot:Llm:Endpoint must be an absolute http(s) URL", "ask", "when did Russia delist the Taliban?")]
    [InlineData("Bot__Watch__DebounceMilliseconds", "quick", "Bot:Watch:DebounceMilliseconds is 'quick', which is not a whole number", "chat")]
    [InlineData("Bot__Seeds__FollowLinksOutside", "yes", "Bot:Seeds:FollowLinksOutside is 'yes', which is not true or false", "sources")]
    public async Task Invalid_configuration_fails_in_one_line_with_exit_2_and_creates_no_data_folder(string key, string value, string expected, params string[] command)
    {
        var r = await BotProcess.RunAsync(command.Concat(["--seeds", Seeds, "--data", Data]), stdin: "/quit\n", env: new Dictionary<string, string> { [key] = value });

        Assert.Equal(2, r.ExitCode);
        var line = Assert.Single(r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: configuration: ", line, StringComparison.Ordinal);
        Assert.Contains(expected, line, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Data), "the data folder was created");
    }

    [Theory]
    [InlineData("'abc'", "ask", "--top", "abc", "when did Russia delist the Taliban?")]
    [InlineData("--bogus", "ask", "--bogus")]
    [InlineData("--fulll", "index", "--fulll")]
    public async Task A_mistyped_flag_is_a_usage_error_and_creates_no_data_folder(string named, params string[] command)
    {
        var r = await BotProcess.RunAsync(command.Concat(["--seeds", Seeds, "--data", Data]));

        Assert.Equal(2, r.ExitCode);
        Assert.StartsWith("error: ", r.Stderr, StringComparison.Ordinal);
        Assert.Contains(named, r.Stderr.Split('\n')[0], StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", r.Stderr, StringComparison.Ordinal);
        Assert.Equal("", r.Stdout);
        Assert.False(Directory.Exists(Data), "the data folder was created");
    }

    public void Dispose() => _root.Dispose();
}
