using Bot.Cli.Tests.TestSupport;

namespace Bot.Cli.Tests;

/// <summary>A mistyped enum setting stops the command with exit 2 and a message naming the key, the value and the choices.</summary>
[Integration(TestCategory.Process, TestCategory.Model)]
public sealed class ConfigurationErrorTests : IDisposable
{
    private readonly TempFolder _seeds = new();
    private readonly TempFolder _data = new();

    public ConfigurationErrorTests() => File.Copy(Path.Combine(RepoPaths.Seeds, "russia-recognises-taliban.txt"), Path.Combine(_seeds.Path, "russia.txt"));

    private Task<BotProcess.Result> Bot(string key, string value, params string[] args) =>
        BotProcess.RunAsync(args.Concat(["--seeds", _seeds.Path, "--data", _data.Path]), null, new Dictionary<string, string>
        {
            [key] = value,
            // `bot discord` checks its own settings first: give it a token, and a REST address where nothing listens.
            ["DISCORD_TOKEN"] = "test-token",
            ["Bot__Discord__ApiBaseUrl"] = "http://127.0.0.1:1/api/v10",
            ["Bot__Discord__RegisterCommands"] = "false",
        });

    [Theory]
    [InlineData("index")]
    [InlineData("ask", "when did Russia delist the Taliban?")]
    [InlineData("discord")]
    public async Task An_unknown_index_provider_is_a_usage_error_naming_the_key_the_value_and_the_allowed_values(params string[] command)
    {
        var r = await Bot("Bot__Index__Provider", "mongo", command);

        Assert.Equal(2, r.ExitCode);
        Assert.Contains("configuration: Bot:Index:Provider has an unknown value 'mongo'; allowed values: sqlite, postgres.", r.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", r.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("InvalidOperationException", r.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("index")]
    [InlineData("ask", "when did Russia delist the Taliban?")]
    public async Task An_unknown_embeddings_provider_is_a_usage_error_naming_the_key_the_value_and_the_allowed_values(params string[] command)
    {
        var r = await Bot("Bot__Embeddings__Provider", "word2vec", command);

        Assert.Equal(2, r.ExitCode);
        Assert.Contains("configuration: Bot:Embeddings:Provider has an unknown value 'word2vec'; allowed values: none, onnx, openai.", r.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", r.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Bot__MaxQuestionLength", "lots", "Bot:MaxQuestionLength is 'lots', which is not a whole number")]
    [InlineData("Bot__CorrectSpelling", "maybe", "Bot:CorrectSpelling is 'maybe', which is not true or false")]
    public async Task A_value_that_does_not_parse_is_one_line_naming_the_key_the_value_and_what_is_allowed_with_exit_2(string key, string value, string expected)
    {
        var r = await Bot(key, value, "ask", "when did Russia delist the Taliban?");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(expected, r.Stderr, StringComparison.Ordinal);
        Assert.Single(r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task Provider_names_are_accepted_in_any_case()
    {
        var r = await Bot("Bot__Index__Provider", "SQLite", "index");

        Assert.Equal(0, r.ExitCode);
        Assert.True(File.Exists(Path.Combine(_data.Path, "index.db")));
    }

    public void Dispose()
    {
        _seeds.Dispose();
        _data.Dispose();
    }
}
