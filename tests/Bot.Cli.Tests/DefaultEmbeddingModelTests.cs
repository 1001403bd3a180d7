using System.Text.Json;
using Bot.Cli.Tests.TestSupport;

namespace Bot.Cli.Tests;

/// <summary>
/// The shipped configuration (appsettings.json, no Bot__Embeddings__ variables): hybrid retrieval with the packaged
/// all-MiniLM-L6-v2, unpacked on first use into the data folder's model cache, with no `bot model pull`.
/// <see cref="AskCommandTests"/> asks the seed question with it.
/// </summary>
[Integration(TestCategory.Process, TestCategory.Model)]
public sealed class DefaultEmbeddingModelTests : IDisposable
{
    private const string Hybrid = "hybrid (BM25 + all-MiniLM-L6-v2 via ONNX)";
    private const string AprilQuote = "In April, Russia’s Supreme Court removed the Taliban from its list of terrorist organisations.";

    private readonly TempFolder _data = new();

    private string ModelFolder => Path.Combine(_data.Path, "models", "all-MiniLM-L6-v2");

    private Task<BotProcess.Result> Bot(IDictionary<string, string>? env, params string[] args) =>
        BotProcess.RunAsync(args.Concat(["--seeds", RepoPaths.Seeds, "--data", _data.Path]), env: env);

    [Fact]
    public async Task Sources_reports_hybrid_retrieval_with_the_packaged_MiniLM_model_by_default()
    {
        var r = await Bot(null, "sources", "--json");

        Assert.Equal(0, r.ExitCode);
        using var json = JsonDocument.Parse(r.Stdout);
        Assert.Equal(Hybrid, json.RootElement.GetProperty("retrieval").GetString());
        Assert.True(File.Exists(Path.Combine(ModelFolder, "model.onnx")));
        Assert.True(File.Exists(Path.Combine(ModelFolder, "vocab.txt")));
        Assert.True(File.Exists(Path.Combine(ModelFolder, "1_Pooling", "config.json")));
        Assert.Empty(Directory.EnumerateFiles(ModelFolder, "*.part", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Ask_quotes_the_April_sentence_with_embeddings_off_through_lexical_retrieval()
    {
        var none = new Dictionary<string, string> { ["Bot__Embeddings__Provider"] = "none" };

        var sources = await Bot(none, "sources", "--json");
        var r = await Bot(none, "ask", "when did Russia delist the Taliban?", "--json");

        using var sourcesJson = JsonDocument.Parse(sources.Stdout);
        Assert.Equal("lexical (BM25)", sourcesJson.RootElement.GetProperty("retrieval").GetString());
        Assert.Equal(0, r.ExitCode);
        using var json = JsonDocument.Parse(r.Stdout);
        Assert.Equal(AprilQuote, json.RootElement.GetProperty("quotes")[0].GetProperty("text").GetString());
        Assert.DoesNotContain("embedded", r.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_data.Path, "models")), "the model was unpacked although embeddings are off");
    }

    [Fact]
    public async Task Index_embeds_sentences_on_the_first_run_and_not_on_an_unchanged_second_run()
    {
        var first = await Bot(null, "index");
        var second = await Bot(null, "index");

        Assert.Equal(0, first.ExitCode);
        Assert.Matches(@"indexed: 1 added, .*\d+ passages embedded, \d+ sentences embedded", first.Stdout);
        Assert.Equal(0, second.ExitCode);
        Assert.Contains("indexed: 0 added, 0 updated, 0 renamed, 0 removed, 1 unchanged in", second.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("embedded", second.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Index_json_counts_the_sentences_it_embedded()
    {
        var r = await Bot(null, "index", "--json");

        Assert.Equal(0, r.ExitCode);
        using var json = JsonDocument.Parse(r.Stdout);
        Assert.True(json.RootElement.GetProperty("embedded").GetInt32() > 0);
        // The seed article has more sentences than passages, and every sentence gets its vector.
        Assert.True(json.RootElement.GetProperty("sentencesEmbedded").GetInt32() > json.RootElement.GetProperty("embedded").GetInt32());
    }

    [Theory]
    [InlineData("ask", "when did Russia delist the Taliban?")]
    [InlineData("index")]
    [InlineData("discord")]
    public async Task A_model_cache_that_cannot_be_written_is_a_one_line_error_naming_the_remedies_not_a_stack_trace(params string[] command)
    {
        // A file named "models" in the data folder: the model folder cannot be created (even as root).
        File.WriteAllText(Path.Combine(_data.Path, "models"), "not a folder");
        var env = new Dictionary<string, string>
        {
            // `bot discord` checks its own settings first: give it a token, and a REST address where nothing listens.
            ["DISCORD_TOKEN"] = "test-token",
            ["Bot__Discord__ApiBaseUrl"] = "http://127.0.0.1:1/api/v10",
            ["Bot__Discord__RegisterCommands"] = "false",
        };

        var r = await Bot(env, command);

        Assert.Equal(3, r.ExitCode);
        Assert.Contains("error: embedding model: Could not unpack the embedding model all-MiniLM-L6-v2 into", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("Bot:DataPath to a writable folder", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("Bot__Embeddings__Provider=none", r.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", r.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", r.Stderr, StringComparison.Ordinal);
    }

    public void Dispose() => _data.Dispose();
}
