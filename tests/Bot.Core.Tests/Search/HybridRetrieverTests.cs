using Bot.Core.Embeddings;
using Bot.Core.Indexing;
using Bot.Core.Questions;
using Bot.Core.Search;
using Bot.Core.Search.Vectors;
using Microsoft.Extensions.Logging;

namespace Bot.Core.Tests.Search;

public sealed class HybridRetrieverTests : IDisposable
{
    private readonly FakeIndexReader _reader = new();
    private readonly KeywordEmbeddingGenerator _model = new(["delist", "removed", "struck off"], ["bank", "assets"], ["praise", "welcomed"]);
    private readonly RecordingLoggerProvider _logs = new();
    private readonly ILoggerFactory _loggerFactory;
    private readonly EmbeddingSetup _setup;

    public HybridRetrieverTests()
    {
        _loggerFactory = LoggerFactory.Create(b => b.AddProvider(_logs));
        _setup = new EmbeddingSetup(_model, EmbeddingProvider.OpenAI, "keyword-test", "test", 3, new EmbeddingOptions { Weight = 1.0, StorageEncoding = VectorEncoding.Float32 });
    }

    public void Dispose()
    {
        _setup.Dispose();
        _loggerFactory.Dispose();
    }

    [Fact]
    public async Task A_passage_that_shares_no_word_with_the_question_is_found_by_meaning()
    {
        var lexicalOnly = _reader.AddPassage("Russia delist plans were discussed in 2023 by the press.");
        var meaning = _reader.AddPassage("In April, Russia's Supreme Court removed the Taliban from its list.");
        StoreVectors();
        using var retriever = Retriever();

        var hits = await retriever.RetrieveAsync(_reader, Question("When did they delist them?", "delist"), 5, CancellationToken.None);

        Assert.Contains(hits, h => h.PassageId == meaning.PassageId);
        Assert.Contains(hits, h => h.PassageId == lexicalOnly.PassageId);
        Assert.Equal(meaning.Text, hits.Single(h => h.PassageId == meaning.PassageId).Text);
    }

    [Fact]
    public async Task A_passage_found_by_both_rankings_comes_first()
    {
        _reader.AddPassage("The central bank is in Kabul.");
        var both = _reader.AddPassage("The bank assets were frozen.");
        _reader.AddPassage("Nothing relevant here at all.");
        StoreVectors();
        using var retriever = Retriever();

        var hits = await retriever.RetrieveAsync(_reader, Question("What happened to the bank assets?", "bank", "assets"), 3, CancellationToken.None);

        Assert.Equal(both.PassageId, hits[0].PassageId);
    }

    [Fact]
    public async Task Without_stored_vectors_the_result_is_the_lexical_ranking_and_one_warning()
    {
        _reader.AddPassage("The bank assets were frozen.");
        _reader.AddPassage("The central bank is in Kabul.");
        using var retriever = Retriever();
        var question = Question("What about the bank?", "bank");

        var hybrid = await retriever.RetrieveAsync(_reader, question, 5, CancellationToken.None);
        await retriever.RetrieveAsync(_reader, question, 5, CancellationToken.None);
        var lexical = await new LexicalRetriever().RetrieveAsync(_reader, question, 5, CancellationToken.None);

        Assert.Equal(lexical.Select(h => h.PassageId), hybrid.Select(h => h.PassageId));
        Assert.Equal(0, _model.Calls);
        Assert.Single(_logs.Messages, m => m.Contains("no vectors for openai:keyword-test", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_dead_embedding_endpoint_falls_back_to_lexical_retrieval_with_a_warning()
    {
        var lexical = _reader.AddPassage("The bank assets were frozen.");
        _reader.AddPassage("In April the court removed them.");
        StoreVectors();
        _model.Failure = new HttpRequestException("Connection refused (127.0.0.1:9)");
        using var retriever = Retriever();

        var hits = await retriever.RetrieveAsync(_reader, Question("What about the bank?", "bank"), 5, CancellationToken.None);

        Assert.Equal([lexical.PassageId], hits.Select(h => h.PassageId));
        Assert.Contains(_logs.Messages, m => m.Contains("Could not embed the question (Connection refused", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Cancellation_is_not_mistaken_for_a_dead_endpoint()
    {
        _reader.AddPassage("The bank assets were frozen.");
        StoreVectors();
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();
        _model.Failure = new OperationCanceledException(cts.Token);
        using var retriever = Retriever();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => retriever.RetrieveAsync(_reader, Question("bank?", "bank"), 5, cts.Token));
    }

    [Fact]
    public async Task Vectors_are_loaded_once_and_reloaded_only_when_the_index_changes()
    {
        _reader.AddPassage("The bank assets were frozen.");
        StoreVectors();
        using var retriever = Retriever();
        var question = Question("What happened to the money?", "money");

        await retriever.RetrieveAsync(_reader, question, 5, CancellationToken.None);
        await retriever.RetrieveAsync(_reader, question, 5, CancellationToken.None);
        Assert.Equal(1, _reader.VectorListings);

        var added = _reader.AddPassage("Officials welcomed the step.");
        StoreVectors();
        var hits = await retriever.RetrieveAsync(_reader, Question("Who praised it?", "praised"), 5, CancellationToken.None);

        Assert.Equal(2, _reader.VectorListings);
        Assert.Contains(hits, h => h.PassageId == added.PassageId);
    }

    [Fact]
    public async Task Vectors_of_another_size_are_skipped()
    {
        var passage = _reader.AddPassage("The bank assets were frozen.");
        StoreVectors();
        _reader.Vectors[_setup.ModelKey].Add(new PassageVector(99, new byte[8]));
        using var retriever = Retriever();

        var hits = await retriever.RetrieveAsync(_reader, Question("What about the assets?", "assets"), 5, CancellationToken.None);

        Assert.Equal([passage.PassageId], hits.Select(h => h.PassageId));
        Assert.Contains(_logs.Messages, m => m.Contains("Skipped 1 stored vectors", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_lexical_search_and_the_passage_vectors_are_read_while_the_model_still_loads()
    {
        var lexicalOnly = _reader.AddPassage("Russia delist plans were discussed in 2023 by the press.");
        var meaning = _reader.AddPassage("In April, Russia's Supreme Court removed the Taliban from its list.");
        StoreVectors();
        using var loaded = new ManualResetEventSlim();
        var loads = 0;
        using var provider = new EmbeddingSetupProvider(() =>
        {
            loaded.Wait(TestTimeout.Token());
            Interlocked.Increment(ref loads);
            return _setup;
        }, isConfigured: true, TimeProvider.System, _setup.ModelKey, VectorEncoding.Float32);
        using var retriever = new HybridRetriever(provider, _loggerFactory.CreateLogger<HybridRetriever>());

        var retrieval = Task.Run(() => retriever.RetrieveAsync(_reader, Question("When did they delist them?", "delist"), 5, TestTimeout.Token()));
        while (_reader.VectorListings == 0 && !retrieval.IsCompleted) await Task.Delay(10, TestTimeout.Token());

        Assert.Equal(1, _reader.VectorListings); // the passage vectors, read before the model is there
        Assert.False(retrieval.IsCompleted); // the question's vector waits for the model
        Assert.Equal(0, loads);
        loaded.Set();
        var hits = await retrieval;
        Assert.Contains(hits, h => h.PassageId == meaning.PassageId); // found by meaning: the model was used once loaded
        Assert.Contains(hits, h => h.PassageId == lexicalOnly.PassageId);
        Assert.Equal(1, loads);
    }

    [Fact]
    public async Task A_model_that_cannot_be_loaded_fails_the_question_instead_of_falling_back_to_words()
    {
        _reader.AddPassage("The bank assets were frozen.");
        StoreVectors();
        using var provider = new EmbeddingSetupProvider(() => throw new EmbeddingModelException("the packaged model is missing"),
            isConfigured: true, TimeProvider.System, _setup.ModelKey, VectorEncoding.Float32);
        using var retriever = new HybridRetriever(provider, _loggerFactory.CreateLogger<HybridRetriever>());

        var error = await Assert.ThrowsAsync<EmbeddingModelException>(() => retriever.RetrieveAsync(_reader, Question("What about the bank?", "bank"), 5, TestTimeout.Token()));

        Assert.Contains("packaged model is missing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Mode_names_the_model_so_bot_sources_can_show_it()
    {
        using var retriever = Retriever();

        Assert.Equal("hybrid (BM25 + keyword-test via test)", retriever.Mode);
    }

    private HybridRetriever Retriever() => new(_setup, _loggerFactory.CreateLogger<HybridRetriever>());

    private void StoreVectors() => _reader.Vectors[_setup.ModelKey] = _reader.Passages
        .Select(p => new PassageVector(p.PassageId, VectorBlob.Encode(_model.Embed(p.Text), VectorEncoding.Float32)))
        .ToList();

    private static QuestionAnalysis Question(string text, params string[] searchTerms)
        => new(text, AnswerType.Unknown, [], searchTerms, new HashSet<string>());
}
