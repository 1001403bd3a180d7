using Bot.Core.Embeddings;
using Bot.Core.Indexing;
using Bot.Core.Questions;
using Bot.Core.Search;
using Bot.Core.Search.Vectors;
using Bot.Core.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Core.Tests.Search;

/// <summary>The hybrid retriever over the real SQLite index: vectors written by the indexer, read back, fused.</summary>
public sealed class HybridRetrievalIndexTests : IDisposable
{
    private readonly TempFolder _seeds = new();
    private readonly TempFolder _data = new();
    private readonly KeywordEmbeddingGenerator _model = new(["frost", "cold", "freez"], ["plum", "fruit", "pear"], ["ship", "vessel", "boat"]);
    private readonly EmbeddingSetup _setup;
    private readonly ServiceProvider _services;

    public HybridRetrievalIndexTests()
    {
        _seeds.File("orchard.txt", "Orchard report\n\nThe orchard sold 900 crates in 2019.\n\nFrost took the plums in April.\n");
        _seeds.File("harbour.txt", "Harbour log\n\nThe keeper counted 42 ships in March.\n");
        _setup = new EmbeddingSetup(_model, EmbeddingProvider.OpenAI, "keyword-test", "test", 3, new EmbeddingOptions { StorageEncoding = VectorEncoding.Float16 });
        _services = CoreHost.Create(_seeds.Path, _data.Path, more: s =>
        {
            s.AddSingleton(new EmbeddingSetupProvider(_setup));
            s.AddSingleton<IIndexEmbeddingStep>(new EmbeddingIndexStep(_setup));
        });
    }

    public void Dispose()
    {
        _services.Dispose();
        _setup.Dispose();
        _seeds.Dispose();
        _data.Dispose();
    }

    [Fact]
    public async Task A_question_without_a_shared_word_retrieves_its_passage_from_stored_vectors()
    {
        await _services.GetRequiredService<IIndexer>().IndexAsync(false, null, TestTimeout.Token());
        var question = QuestionAnalyzer.Analyze("When did the cold weather destroy the fruit?");

        await using var reader = await _services.GetRequiredService<IIndexStore>().OpenReaderAsync(TestTimeout.Token());
        var lexical = await new LexicalRetriever().RetrieveAsync(reader, question, 5, TestTimeout.Token());
        var hybrid = await _services.GetRequiredService<IRetriever>().RetrieveAsync(reader, question, 5, TestTimeout.Token());

        Assert.DoesNotContain(lexical, h => h.Text.Contains("Frost", StringComparison.Ordinal));
        Assert.Contains("Frost took the plums in April.", hybrid[0].Text, StringComparison.Ordinal);
        Assert.Equal("orchard.txt", hybrid[0].Path);
    }

    [Fact]
    public async Task A_document_added_after_the_first_question_is_found_by_meaning_without_a_restart()
    {
        var indexer = _services.GetRequiredService<IIndexer>();
        var retriever = _services.GetRequiredService<IRetriever>();
        await indexer.IndexAsync(false, null, TestTimeout.Token());
        var question = QuestionAnalyzer.Analyze("How many boats were repaired?");
        await using (var before = await _services.GetRequiredService<IIndexStore>().OpenReaderAsync(TestTimeout.Token()))
        {
            await retriever.RetrieveAsync(before, question, 5, TestTimeout.Token());
        }

        _seeds.File("dock.txt", "Dock notes\n\nSeventeen vessels were mended at the dry dock.\n");
        await indexer.IndexAsync(false, null, TestTimeout.Token());

        await using var after = await _services.GetRequiredService<IIndexStore>().OpenReaderAsync(TestTimeout.Token());
        var hits = await retriever.RetrieveAsync(after, question, 5, TestTimeout.Token());
        Assert.Contains(hits, h => h.Path == "dock.txt");
    }

    [Fact]
    public async Task The_vector_stamp_changes_with_each_write_and_stays_put_when_nothing_changed()
    {
        var indexer = _services.GetRequiredService<IIndexer>();
        var store = _services.GetRequiredService<IIndexStore>();
        async Task<string> Stamp()
        {
            await using var reader = await store.OpenReaderAsync(TestTimeout.Token());
            return await reader.GetVectorStampAsync(_setup.ModelKey, TestTimeout.Token());
        }

        await indexer.IndexAsync(false, null, TestTimeout.Token());
        var built = await Stamp();
        await indexer.IndexAsync(false, null, TestTimeout.Token());
        Assert.Equal(built, await Stamp());

        _seeds.File("dock.txt", "Dock notes\n\nSeventeen vessels were mended at the dry dock.\n");
        await indexer.IndexAsync(false, null, TestTimeout.Token());
        var added = await Stamp();
        Assert.NotEqual(built, added);

        File.Delete(Path.Combine(_seeds.Path, "dock.txt"));
        await indexer.IndexAsync(false, null, TestTimeout.Token());
        Assert.NotEqual(added, await Stamp());
    }
}
