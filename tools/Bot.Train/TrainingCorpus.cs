using Bot.Core.Answering;
using Bot.Core.Answering.Pipeline;
using Bot.Core.Answering.Ranking;
using Bot.Core.DependencyInjection;
using Bot.Core.Embeddings;
using Bot.Core.Evaluation;
using Bot.Core.Indexing;
using Bot.Core.Questions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bot.Train;

/// <summary>
/// A throw-away index of some articles and the candidate sets of questions asked against it, gathered by the answerer's
/// own <see cref="CandidateGatherer"/> (so the models learn exactly the features the answerer computes).
/// </summary>
internal sealed class TrainingCorpus : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly string _folder;

    private TrainingCorpus(ServiceProvider services, string folder)
    {
        _services = services;
        _folder = folder;
    }

    /// <summary>The embedding model's key (EmbeddingSetup.ModelKey), or null when indexing lexically.</summary>
    public string? EmbeddingModelKey => _services.GetRequiredService<EmbeddingSetupProvider>().Setup?.TrainedModelKey;

    /// <param name="rerank">Whether gathering adds the late-interaction features (the first stage is <paramref name="models"/>' vector ranker).</param>
    /// <param name="models">The models gathering uses (the first-stage ranker when re-ranking).</param>
    /// <param name="texts">Replacement text for some of the documents (an article with paragraphs taken out), by file name.</param>
    public static async Task<TrainingCorpus> BuildAsync(TrainingInput input, IEnumerable<string> docs, bool rerank, IRankingModels models, CancellationToken ct,
        IReadOnlyDictionary<string, string>? texts = null)
    {
        var folder = Directory.CreateTempSubdirectory("bot-train-").FullName;
        var seeds = Path.Combine(folder, "seeds");
        Directory.CreateDirectory(seeds);
        foreach (var d in docs)
        {
            if (texts is not null && texts.TryGetValue(d, out var text)) await File.WriteAllTextAsync(Path.Combine(seeds, d), text, ct);
            else File.Copy(input.PathOf(d), Path.Combine(seeds, d));
        }
        var builder = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Bot:SeedsPath"] = seeds, ["Bot:DataPath"] = Path.Combine(folder, "data"),
            // The shipped files are learnt on the float model's vectors, corpus included (also the bot's default; the
            // Int8Corpus option stores the int8 copy's); Bot__Embeddings__Quantization in the environment still wins.
            ["Bot:Embeddings:Quantization"] = "None",
        }).AddEnvironmentVariables();
        if (input.EmbeddingModel is { } model)
        {
            builder.AddInMemoryCollection(new Dictionary<string, string?> { ["Bot:Embeddings:Provider"] = "onnx", ["Bot:Embeddings:ModelName"] = model });
        }
        var services = new ServiceCollection();
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        services.AddBotCore(builder.Build());
        services.AddSingleton(models);
        // Train on whichever model is configured: its sentence vectors feed the features even though the shipped vector
        // models (and so the answerer's usual check) name another model.
        services.AddSingleton(sp => new SentenceVectors(sp.GetRequiredService<EmbeddingSetupProvider>(),
            sp.GetRequiredService<EmbeddingSetupProvider>().Setup?.TrainedModelKey, rerank, models));
        var provider = services.BuildServiceProvider();
        await provider.GetRequiredService<SeedIndexer>().IndexAsync(true, null, ct);
        return new TrainingCorpus(provider, folder);
    }

    public async Task<List<(EvalQuestion Question, CandidateSet Set)>> GatherAsync(IEnumerable<EvalQuestion> questions, CancellationToken ct)
    {
        var gatherer = _services.GetRequiredService<CandidateGatherer>();
        var list = new List<(EvalQuestion, CandidateSet)>();
        await using var reader = await _services.GetRequiredService<IIndexStore>().OpenReaderAsync(ct);
        foreach (var q in questions)
        {
            var analysis = QuestionAnalyzer.Analyze(q.Question);
            if (analysis.Terms.Count == 0) continue;
            var set = await gatherer.GatherAsync(reader, analysis, ct);
            if (set.Sentences.Count > 0) list.Add((q, set));
        }
        return list;
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        try { Directory.Delete(_folder, true); } catch (IOException) { }
    }
}
