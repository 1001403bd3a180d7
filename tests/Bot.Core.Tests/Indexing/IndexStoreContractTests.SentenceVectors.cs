using Bot.Core.Embeddings;
using Bot.Core.Indexing;
using Bot.Core.Search.Vectors;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Core.Tests.Indexing;

/// <summary>Sentence vectors (the ranker's vector features), stored at index time like passage vectors.</summary>
public abstract partial class IndexStoreContractTests
{
    private const string Keeper = "Lighthouse log\n\nThe keeper counted 42 ships in March. Fog horns sounded twice a night in winter.\n\nGulls nested on the gallery rail.\n";
    private const string Pears = "Orchard report\n\nThe orchard produced 900 crates of pears in 2019. Frost took the plums in April.\n";

    /// <summary>Services embedding with <paramref name="fake"/> at index time and, with the provider registered, at question time.</summary>
    private ServiceProvider Embedding(CountingEmbeddingGenerator fake, string model = "fake-model", VectorEncoding encoding = VectorEncoding.Float16, Action<IServiceCollection>? more = null)
    {
        var setup = new EmbeddingSetup(fake, EmbeddingProvider.OpenAI, model, "test", 8, new EmbeddingOptions { BatchSize = 2, StorageEncoding = encoding });
        var provider = new EmbeddingSetupProvider(setup);
        // The fake model stands in for the one the vector ranker was trained with, so the question-time path runs.
        return Services(more: s =>
        {
            s.AddSingleton(provider).AddSingleton<IIndexEmbeddingStep>(new EmbeddingIndexStep(setup))
                .AddSingleton(new Bot.Core.Answering.Ranking.SentenceVectors(provider, setup.ModelKey));
            more?.Invoke(s);
        });
    }

    /// <summary>Services embedding with <paramref name="fake"/>, its sentence vectors derived from the passages' runs.</summary>
    private ServiceProvider Deriving(DerivingEmbeddingGenerator fake)
    {
        var setup = new EmbeddingSetup(fake, EmbeddingProvider.OpenAI, "fake-model", "test", 8,
            new EmbeddingOptions { BatchSize = 2, SentenceVectors = SentenceVectorMode.Derived });
        return Services(more: s => s.AddSingleton(new EmbeddingSetupProvider(setup)).AddSingleton<IIndexEmbeddingStep>(new EmbeddingIndexStep(setup)));
    }

    /// <summary>Both articles indexed with a counting model whose record is then cleared: a test sees only what follows.</summary>
    private async Task<(CountingEmbeddingGenerator Fake, ServiceProvider Services)> BothArticlesEmbeddedAsync()
    {
        Seeds.File("lighthouse.txt", Keeper);
        Seeds.File("orchard.txt", Pears);
        var fake = new CountingEmbeddingGenerator();
        var sp = Embedding(fake);
        await Index(sp);
        fake.Embedded.Clear();
        return (fake, sp);
    }

    private static async Task<IReadOnlyList<SentenceRow>> AllSentencesAsync(IIndexStore store, IIndexReader reader)
    {
        var docs = await store.ListDocumentsAsync(TestTimeout.Token());
        var rows = await reader.GetParagraphSentencesAsync(docs.SelectMany(d => Enumerable.Range(0, 10).Select(p => (d.Id, p))).ToList(), TestTimeout.Token());
        Assert.NotEmpty(rows);
        return rows;
    }

    private static async Task<IReadOnlyList<byte[]?>> SentenceVectorsAsync(ServiceProvider sp, string modelKey)
    {
        var store = sp.GetRequiredService<IIndexStore>();
        await using var reader = await store.OpenReaderAsync(TestTimeout.Token());
        return await reader.GetSentenceVectorsAsync(modelKey, await AllSentencesAsync(store, reader), TestTimeout.Token());
    }

    [SkippableFact]
    public async Task Sentence_vectors_are_stored_at_index_time_and_read_back_in_order_with_null_for_missing()
    {
        Seeds.File("lighthouse.txt", Keeper);
        Seeds.File("orchard.txt", Pears);
        var fake = new CountingEmbeddingGenerator();
        var sp = Embedding(fake);
        var report = await Index(sp);

        var store = sp.GetRequiredService<IIndexStore>();
        await using var reader = await store.OpenReaderAsync(TestTimeout.Token());
        var sentences = await AllSentencesAsync(store, reader);
        // Each text runs through the model once: a sentence that is a whole passage (a one-sentence paragraph) gets that
        // passage's vector, copied; the loop below checks every sentence's vector is its own text's.
        var passageTexts = (await reader.GetPassagesAsync((await reader.ListPassageVectorsAsync("openai:fake-model:8", TestTimeout.Token())).Select(v => v.PassageId).ToList(), TestTimeout.Token()))
            .Select(p => p.Text).ToHashSet(StringComparer.Ordinal);
        Assert.Contains("Gulls nested on the gallery rail.", passageTexts);
        Assert.Equal(sentences.Select(s => s.Text).Distinct().Count(t => !passageTexts.Contains(t)), report.SentencesEmbedded);
        Assert.Equal(fake.Embedded.Count, fake.Embedded.Distinct(StringComparer.Ordinal).Count());
        Assert.All(sentences, s => Assert.Contains(s.Text, fake.Embedded));

        // Reversed, with a sentence the index does not hold in the middle: one blob per row, in the order asked.
        var asked = sentences.Reverse().ToList();
        asked.Insert(1, sentences[0] with { Id = -1 });
        var blobs = await reader.GetSentenceVectorsAsync("openai:fake-model:8", asked, TestTimeout.Token());
        Assert.Equal(asked.Count, blobs.Count);
        Assert.Null(blobs[1]);
        foreach (var (row, blob) in asked.Zip(blobs).Where((_, i) => i != 1))
        {
            Assert.NotNull(blob);
            var decoded = VectorBlob.Decode(blob, VectorEncoding.Float16);
            Assert.All(decoded.Zip(CountingEmbeddingGenerator.VectorFor(row.Text)), pair => Assert.Equal(pair.Second, pair.First, 0.002f));
        }
        Assert.All(await reader.GetSentenceVectorsAsync("openai:other-model:8", sentences, TestTimeout.Token()), Assert.Null);
        Assert.Empty(await reader.GetSentenceVectorsAsync("openai:fake-model:8", [], TestTimeout.Token()));
    }

    [SkippableFact]
    public async Task A_run_with_no_vector_missing_skips_the_copy_and_one_after_the_encoding_changed_still_copies()
    {
        Seeds.File("lighthouse.txt", Keeper);
        Seeds.File("orchard.txt", Pears);
        var sp = Embedding(new CountingEmbeddingGenerator(), more: CopyCountingStore.Decorate);
        var store = sp.GetRequiredService<CopyCountingStore>();
        await Index(sp);
        Assert.Equal(1, store.Copies);
        var before = await SentenceVectorsAsync(sp, "openai:fake-model:8");

        await Index(sp); // nothing missing, nothing pruned: no copy
        await Index(sp, full: true);

        Assert.Equal(1, store.Copies);
        Assert.Equal(before, await SentenceVectorsAsync(sp, "openai:fake-model:8"));

        // The prune (after the pending check) removes every vector of the old encoding: the copy must still run, so each
        // text goes through the model once and the one-sentence passages' sentences get their passages' vectors.
        var fake = new CountingEmbeddingGenerator();
        var wider = Embedding(fake, encoding: VectorEncoding.Float32, more: CopyCountingStore.Decorate);
        var report = await Index(wider);

        Assert.Equal(1, wider.GetRequiredService<CopyCountingStore>().Copies);
        Assert.Equal(fake.Embedded.Count, fake.Embedded.Distinct(StringComparer.Ordinal).Count());
        Assert.Contains("Gulls nested on the gallery rail.", fake.Embedded);
        Assert.Equal(fake.Embedded.Count, report.PassagesEmbedded + report.SentencesEmbedded);
        Assert.All(await SentenceVectorsAsync(wider, "openai:fake-model:8"), Assert.NotNull);
    }

    [SkippableFact]
    public async Task Unchanged_sentences_keep_their_vectors_and_a_changed_document_s_old_sentence_vectors_are_pruned()
    {
        var (fake, sp) = await BothArticlesEmbeddedAsync();

        var again = await Index(sp, full: true); // re-chunks every file: equal sentences keep their vectors
        Assert.Equal((0, 0), (again.PassagesEmbedded, again.SentencesEmbedded));
        Assert.Empty(fake.Embedded);

        Seeds.File("lighthouse.txt", Keeper.Replace("42", "57", StringComparison.Ordinal));
        var changed = await Index(sp);
        Assert.Equal((1, 1, 1), (changed.Updated, changed.PassagesEmbedded, changed.SentencesEmbedded));
        Assert.Equal(["The keeper counted 57 ships in March. Fog horns sounded twice a night in winter.", "The keeper counted 57 ships in March."], fake.Embedded);
        Assert.All(await SentenceVectorsAsync(sp, "openai:fake-model:8"), Assert.NotNull);
        // The run pruned the old sentence's vector: nothing left to prune, and changing it back embeds it again.
        Assert.Equal(0, await sp.GetRequiredService<IIndexStore>().Vectors.PruneVectorsAsync("openai:fake-model:8", null, VectorEncoding.Float16, TestTimeout.Token()));
        fake.Embedded.Clear();
        Seeds.File("lighthouse.txt", Keeper);
        Assert.Equal(1, (await Index(sp)).SentencesEmbedded);
        Assert.Contains("The keeper counted 42 ships in March.", fake.Embedded);
        Assert.Empty(await sp.GetRequiredService<IIndexStore>().VerifyAsync(TestTimeout.Token()));
    }

    [SkippableFact]
    public async Task Switching_models_prunes_the_old_model_s_sentence_vectors()
    {
        Seeds.File("lighthouse.txt", Keeper);
        var first = Embedding(new CountingEmbeddingGenerator());
        var all = (await Index(first)).SentencesEmbedded;
        Assert.True(all > 0);

        var second = Embedding(new CountingEmbeddingGenerator(), model: "fake-model-v2", encoding: VectorEncoding.Float32);
        Assert.Equal(all, (await Index(second)).SentencesEmbedded);
        Assert.All(await SentenceVectorsAsync(second, "openai:fake-model:8"), Assert.Null);
        Assert.All(await SentenceVectorsAsync(second, "openai:fake-model-v2:8"), b => Assert.Equal(32, b!.Length));

        // Back to the first model: its vectors were pruned, so every sentence is embedded again.
        Assert.Equal(all, (await Index(Embedding(new CountingEmbeddingGenerator()))).SentencesEmbedded);
        Assert.All(await SentenceVectorsAsync(second, "openai:fake-model-v2:8"), Assert.Null);
    }

    [SkippableFact]
    public async Task The_answerer_embeds_only_the_question_when_every_sentence_vector_is_stored()
    {
        var (fake, sp) = await BothArticlesEmbeddedAsync();

        var answer = await Ask(sp, "How many ships did the keeper count?");

        Assert.Contains("42 ships", answer.Quotes[0].Text, StringComparison.Ordinal);
        Assert.NotEmpty(fake.Embedded);
        Assert.All(fake.Embedded, t => Assert.Equal("How many ships did the keeper count?", t)); // the question, never a sentence
    }

    [SkippableFact]
    public async Task Sentences_without_a_stored_vector_are_embedded_at_question_time_once()
    {
        Seeds.File("lighthouse.txt", Keeper);
        await Index(Services()); // lexical only: no vectors stored
        var fake = new CountingEmbeddingGenerator();
        var setup = new EmbeddingSetup(fake, EmbeddingProvider.OpenAI, "fake-model", "test", 8, new EmbeddingOptions { BatchSize = 2 });
        var provider = new EmbeddingSetupProvider(setup);
        var sp = Services(more: s => s.AddSingleton(provider).AddSingleton(new Bot.Core.Answering.Ranking.SentenceVectors(provider, setup.ModelKey)));

        await Ask(sp, "How many ships did the keeper count?");
        Assert.Contains("The keeper counted 42 ships in March.", fake.Embedded);
        fake.Embedded.Clear();
        await Ask(sp, "How many ships did the keeper count?");
        Assert.DoesNotContain("The keeper counted 42 ships in March.", fake.Embedded); // cached in memory
    }

    [SkippableFact]
    public async Task A_model_the_vector_ranker_was_not_trained_with_gets_hybrid_retrieval_but_no_sentence_vectors_at_question_time()
    {
        Seeds.File("lighthouse.txt", Keeper);
        await Index(Services()); // lexical only: no vectors stored
        var fake = new CountingEmbeddingGenerator();
        var setup = new EmbeddingSetup(fake, EmbeddingProvider.OpenAI, "fake-model", "test", 8, new EmbeddingOptions { BatchSize = 2 });
        var sp = Services(more: s => s.AddSingleton(new EmbeddingSetupProvider(setup))); // the shipped SentenceVectors

        var answer = await Ask(sp, "How many ships did the keeper count?");

        // Its cosines are not what the vector ranker learned: the lexical ranker answers, and only the question is embedded.
        Assert.Contains("42 ships", answer.Quotes[0].Text, StringComparison.Ordinal);
        Assert.All(fake.Embedded, t => Assert.Equal("How many ships did the keeper count?", t));
    }

    [SkippableFact]
    public async Task A_model_that_fails_at_question_time_leaves_the_question_to_the_lexical_ranker()
    {
        Seeds.File("lighthouse.txt", Keeper);
        var fake = new CountingEmbeddingGenerator();
        var sp = Embedding(fake);
        await Index(sp);
        fake.Fail = true; // the endpoint dies after indexing

        var answer = await Ask(sp, "How many ships did the keeper count?");

        Assert.True(answer.Answered);
        Assert.Contains("42 ships", answer.Quotes[0].Text, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task A_v2_index_is_upgraded_in_place_keeping_its_passage_vectors_and_hashing_sentences_as_the_chunker_does()
    {
        Seeds.File("lighthouse.txt", Keeper);
        Seeds.File("orchard.txt", Pears);
        var fake = new CountingEmbeddingGenerator();
        var sp = Embedding(fake);
        var all = (await Index(sp)).SentencesEmbedded;
        await DowngradeToV2Async(_store);
        fake.Embedded.Clear();

        var upgraded = await Index(Embedding(fake));
        Assert.False(upgraded.SchemaRebuilt);
        Assert.Equal((0, 0, all), (upgraded.Added, upgraded.PassagesEmbedded, upgraded.SentencesEmbedded));
        Assert.Empty(await sp.GetRequiredService<IIndexStore>().VerifyAsync(TestTimeout.Token()));

        // Re-chunking writes the chunker's hashes: equal to the upgrade's, or these sentences would be embedded again.
        fake.Embedded.Clear();
        Assert.Equal(0, (await Index(sp, full: true)).SentencesEmbedded);
        Assert.Empty(fake.Embedded);
    }

    [SkippableFact]
    public async Task Switching_to_derived_sentence_vectors_re_embeds_every_sentence_from_its_passage_s_run_under_their_own_key_and_back()
    {
        Seeds.File("lighthouse.txt", Keeper);
        Seeds.File("orchard.txt", Pears);
        var separate = Embedding(new CountingEmbeddingGenerator());
        var all = (await Index(separate)).SentencesEmbedded; // all but "Gulls nested on the gallery rail.", its passage's text (copied)

        // Passage vectors are the same model's and stay; each sentence gets a vector pooled over its span of a passage,
        // the one-sentence passage's too (a derived vector is not the passage's).
        var fake = new DerivingEmbeddingGenerator();
        var derived = await Index(Deriving(fake));
        Assert.Equal((0, all + 1), (derived.PassagesEmbedded, derived.SentencesEmbedded));
        Assert.Empty(fake.Embedded); // no sentence run on its own
        Assert.NotEmpty(fake.Derived);
        Assert.All(await SentenceVectorsAsync(separate, "openai:fake-model:8"), Assert.Null); // the separate ones were pruned
        var store = separate.GetRequiredService<IIndexStore>();
        await using (var reader = await store.OpenReaderAsync(TestTimeout.Token()))
        {
            var sentences = await AllSentencesAsync(store, reader);
            var blobs = await reader.GetSentenceVectorsAsync("openai:fake-model:8+derived", sentences, TestTimeout.Token());
            foreach (var (row, blob) in sentences.Zip(blobs))
            {
                Assert.NotNull(blob);
                Assert.All(VectorBlob.Decode(blob, VectorEncoding.Float16).Zip(DerivingEmbeddingGenerator.DerivedVectorFor(row.Text)), p => Assert.Equal(p.Second, p.First, 0.002f));
            }
        }

        // Nothing left to do, and a changed passage runs once for itself and its sentences.
        fake.Derived.Clear();
        Assert.Equal((0, 0), ((await Index(Deriving(fake))).PassagesEmbedded, fake.Derived.Count));
        Seeds.File("lighthouse.txt", Keeper.Replace("42", "57", StringComparison.Ordinal));
        var changed = await Index(Deriving(fake));
        Assert.Equal((1, 2), (changed.PassagesEmbedded, changed.SentencesEmbedded));
        Assert.Equal(["The keeper counted 57 ships in March. Fog horns sounded twice a night in winter."], fake.Derived);
        Assert.Empty(fake.Embedded);

        // Back to separate: every sentence is embedded again on its own.
        var back = new CountingEmbeddingGenerator();
        Assert.Equal(all, (await Index(Embedding(back))).SentencesEmbedded);
        Assert.All(await SentenceVectorsAsync(separate, "openai:fake-model:8+derived"), Assert.Null);
        Assert.Empty(await store.VerifyAsync(TestTimeout.Token()));
    }
}
